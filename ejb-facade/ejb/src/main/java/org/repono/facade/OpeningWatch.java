package org.repono.facade;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryFailure;

/**
 * Opens every repository when the application starts (an engine replays its log when it opens), in the
 * background, and remembers how each attempt ended: the startup check answers from this without waiting, and the
 * readiness check asks a repository for its figures only once it has opened. A failed attempt is tried again when
 * the health checks ask, at most every {@link #RETRY_MILLIS}.
 */
@Singleton
@Startup
@LocalBean
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OpeningWatch {

    static final long RETRY_MILLIS = 10_000;

    /** How the newest attempt to open a repository ended; {@code detail} says why it failed. */
    public record Opening(State state, String detail, Instant at) {
    }

    public enum State { OPENING, OPENED, FAILED }

    @Resource
    ManagedExecutorService executor;

    @EJB
    RepositoryRegistry registry;

    private final Map<String, Opening> openings = new ConcurrentHashMap<>();

    @PostConstruct
    void openAll() {
        registry.all().forEach(this::probe);
    }

    /** How opening {@code repository} went; starts an attempt when none was made or the last one failed long ago. */
    public Opening opening(RegisteredRepository repository) {
        Opening opening = openings.get(repository.name());
        if (opening == null || opening.state() == State.FAILED
                && opening.at().plusMillis(RETRY_MILLIS).isBefore(Instant.now())) {
            probe(repository);
            opening = openings.get(repository.name());
        }
        return opening;
    }

    private void probe(RegisteredRepository repository) {
        Opening previous = openings.get(repository.name());
        if (previous != null && previous.state() == State.OPENING) {
            return;
        }
        openings.put(repository.name(), new Opening(State.OPENING, "opening", Instant.now()));
        try {
            executor.execute(() -> openings.put(repository.name(), open(repository)));
        } catch (RejectedExecutionException e) {
            openings.put(repository.name(), new Opening(State.FAILED, "cannot start opening it: " + e, Instant.now()));
        }
    }

    private static Opening open(RegisteredRepository repository) {
        try (RepositoryConnection connection = repository.connect()) {
            connection.maintenance().statistics();
            return new Opening(State.OPENED, "open", Instant.now());
        } catch (RepositoryFailure | IllegalStateException e) {
            return new Opening(State.FAILED, String.valueOf(e.getMessage()), Instant.now());
        } catch (RuntimeException e) {
            return new Opening(State.FAILED, String.valueOf(e), Instant.now());
        }
    }
}
