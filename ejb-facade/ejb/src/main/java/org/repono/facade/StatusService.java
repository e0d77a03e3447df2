package org.repono.facade;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.repono.api.IntegrityFailureException;
import org.repono.api.LockHolder;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryFailure;
import org.repono.api.RepositoryMaintenance;
import org.repono.api.RepositoryStatistics;
import org.repono.api.RepositoryUnavailableException;
import org.repono.health.ReponoStatus;
import org.repono.health.StatusReport;

/**
 * Repono's health for the MicroProfile Health checks (which call without a user: hence open to all). Data keys
 * are {@code <repository>.<figure>}, e.g. {@code default.freeDiskBytes}.
 */
@Stateless
@Local(ReponoStatus.class)
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StatusService implements ReponoStatus {

    static final String DEFAULT = "default";

    @EJB
    RepositoryRegistry registry;

    @EJB
    OpeningWatch openings;

    @EJB
    MaintenanceJobs jobs;

    @Override
    public StatusReport readiness() {
        HealthSettings settings = HealthSettings.current();
        Map<String, Object> data = new LinkedHashMap<>();
        boolean up = true;
        List<RegisteredRepository> repositories = registry.all();
        data.put("repositories", (long) repositories.size());
        for (RegisteredRepository repository : repositories) {
            up &= ready(repository, settings, data);
        }
        return new StatusReport(up, data);
    }

    @Override
    public StatusReport liveness() {
        Map<String, Object> data = new LinkedHashMap<>();
        boolean up = true;
        for (RegisteredRepository repository : registry.all()) {
            String name = repository.name();
            OpeningWatch.Opening opening = openings.opening(repository);
            if (opening.state() != OpeningWatch.State.OPENED) {
                // not open (yet): readiness says so; a restart would not mend a lock held elsewhere or a bad path
                data.put(name, opening.state().name().toLowerCase(java.util.Locale.ROOT));
                continue;
            }
            try (RepositoryConnection connection = repository.connect()) {
                connection.maintenance().statistics();
                data.put(name, "working");
            } catch (RepositoryUnavailableException | IntegrityFailureException e) {
                up = false;
                data.put(name, "failed: " + e.getMessage());
            } catch (RepositoryFailure e) {
                // locked by another process, or a repair has it to itself: it works, it just waits
                data.put(name, "waiting: " + e.getMessage());
            }
        }
        return new StatusReport(up, data);
    }

    @Override
    public StatusReport startup() {
        Map<String, Object> data = new LinkedHashMap<>();
        boolean up = true;
        for (RegisteredRepository repository : registry.all()) {
            OpeningWatch.Opening opening = openings.opening(repository);
            up &= opening.state() != OpeningWatch.State.OPENING;
            data.put(repository.name(), opening.state() == OpeningWatch.State.FAILED
                    ? "failed: " + opening.detail() : opening.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new StatusReport(up, data);
    }

    private boolean ready(RegisteredRepository repository, HealthSettings settings, Map<String, Object> data) {
        String name = repository.name();
        String key = name + ".";
        OpeningWatch.Opening opening = openings.opening(repository);
        if (opening.state() != OpeningWatch.State.OPENED) {
            data.put(key + "status", "DOWN");
            data.put(key + "reason", opening.state() == OpeningWatch.State.OPENING
                    ? "still opening (replaying its log)" : "cannot be opened: " + opening.detail());
            return false;
        }
        RepositoryStatistics statistics;
        boolean lockHeld;
        try (RepositoryConnection connection = repository.connect()) {
            RepositoryMaintenance maintenance = connection.maintenance();
            statistics = maintenance.statistics();
            List<LockHolder> holders = maintenance.lockHolders();
            lockHeld = holders.stream().anyMatch(ThisServer::holds);
        } catch (RepositoryFailure e) {
            data.put(key + "status", "DOWN");
            data.put(key + "reason", "unavailable: " + e.getMessage());
            return false;
        }
        long minimum = settings.minFreeDiskBytes(name);
        Optional<LastCheckView> lastCheck = jobs.lastCheck(name);
        if (DEFAULT.equals(name)) {
            data.put("defaultRepository", name);
            data.put("defaultRepositoryFolder", statistics.path());
        }
        data.put(key + "path", statistics.path());
        data.put(key + "open", true);
        data.put(key + "lockHeld", lockHeld);
        data.put(key + "indexLoaded", true);
        data.put(key + "objects", statistics.objects());
        data.put(key + "transactionId", statistics.transactionId());
        data.put(key + "indexCheckpointTransaction", statistics.indexCheckpointTransaction());
        data.put(key + "freeDiskBytes", statistics.freeDiskBytes());
        data.put(key + "minFreeDiskBytes", minimum);
        data.put(key + "lastCheck", lastCheck.map(LastCheckView::outcome).orElse("none"));
        StringBuilder reasons = new StringBuilder();
        if (!lockHeld) {
            reasons.append("this server does not hold the repository's lock; ");
        }
        if (statistics.freeDiskBytes() < minimum) {
            reasons.append("free disk space ").append(statistics.freeDiskBytes()).append(" bytes is below the minimum ")
                    .append(minimum).append("; ");
        }
        if (lastCheck.isPresent() && lastCheck.get().failed()) {
            reasons.append("the last ").append(lastCheck.get().kind()).append(" (job ").append(lastCheck.get().jobId())
                    .append(") ended ").append(lastCheck.get().outcome()).append("; ");
        }
        boolean ready = reasons.isEmpty();
        data.put(key + "status", ready ? "UP" : "DOWN");
        if (!ready) {
            data.put(key + "reason", reasons.substring(0, reasons.length() - 2));
        }
        return ready;
    }
}
