package org.repono.facade;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NameClassPair;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import org.repono.api.RepositoryConnectionFactory;

/**
 * Every repository this server has: each connection factory of Repono's resource adapter bound under one of
 * {@link #CONTEXTS} (the server configuration binds one per repository, e.g. {@code java:/eis/repono/default}).
 * The bindings are listed again when a name is not known (a factory bound after the last look) and at most every
 * {@link #REFRESH_MILLIS} otherwise.
 */
@Singleton
@LocalBean
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@PermitAll
public class RepositoryRegistry {

    /** The JNDI contexts whose connection factories are repositories. */
    public static final List<String> CONTEXTS = List.of("java:/eis/repono", "java:/repono", "java:global/repono");
    /** Where the server configuration binds the default repository (ear/src/main/server/configure.cli). */
    public static final String DEFAULT = "java:/eis/repono/default";

    static final long REFRESH_MILLIS = 10_000;
    private static final long MISS_REFRESH_MILLIS = 1_000;
    private static final Logger LOG = Logger.getLogger(RepositoryRegistry.class.getName());

    // the dependency makes the container start this bean only once the default repository is bound
    @Resource(lookup = DEFAULT)
    RepositoryConnectionFactory defaultRepository;

    private volatile Map<String, RegisteredRepository> repositories = Map.of();
    private volatile long listedAt = Long.MIN_VALUE / 2;

    /** The repositories, by name. */
    public List<RegisteredRepository> all() {
        return List.copyOf(current(REFRESH_MILLIS).values());
    }

    /** The names, sorted. */
    public List<String> names() {
        return List.copyOf(current(REFRESH_MILLIS).keySet());
    }

    public Optional<RegisteredRepository> find(String name) {
        if (!RepositoryNames.valid(name)) {
            return Optional.empty();
        }
        RegisteredRepository found = current(REFRESH_MILLIS).get(name);
        if (found == null) {
            found = current(MISS_REFRESH_MILLIS).get(name);
        }
        return Optional.ofNullable(found);
    }

    /** @throws ReponoProblem {@link Refusal#REPOSITORY_NOT_FOUND} when the server has no repository of that name */
    public RegisteredRepository require(String name) {
        return find(name).orElseThrow(() -> new ReponoProblem(Refusal.REPOSITORY_NOT_FOUND,
                "No repository named '" + name + "' is configured on this server"
                        + (RepositoryNames.valid(name) ? "" : " (a name is 1 to 64 letters, digits, '.', '_' or '-')")
                        + "; known: " + String.join(", ", names()) + "."));
    }

    private Map<String, RegisteredRepository> current(long maxAgeMillis) {
        long now = System.currentTimeMillis();
        if (now - listedAt > maxAgeMillis) {
            synchronized (this) {
                if (now - listedAt > maxAgeMillis) {
                    repositories = list();
                    listedAt = System.currentTimeMillis();
                }
            }
        }
        return repositories;
    }

    private Map<String, RegisteredRepository> list() {
        Map<String, RegisteredRepository> found = new TreeMap<>();
        try {
            InitialContext naming = new InitialContext();
            try {
                for (String context : CONTEXTS) {
                    for (String jndiName : bindingsUnder(naming, context)) {
                        add(found, naming, jndiName);
                    }
                }
                add(found, naming, DEFAULT);
            } finally {
                naming.close();
            }
        } catch (NamingException e) {
            LOG.log(Level.WARNING, "cannot list Repono's connection factories", e);
        }
        return found;
    }

    private static List<String> bindingsUnder(InitialContext naming, String context) {
        List<String> names = new ArrayList<>();
        try {
            NamingEnumeration<NameClassPair> bindings = naming.list(context);
            while (bindings.hasMore()) {
                names.add(context + "/" + bindings.next().getName());
            }
        } catch (NamingException e) {
            // a context that does not exist is normal: the server binds factories under one of them
            LOG.log(Level.FINE, "no repositories under " + context, e);
        }
        return names;
    }

    private static void add(Map<String, RegisteredRepository> found, InitialContext naming, String jndiName) {
        Object bound;
        try {
            bound = naming.lookup(jndiName);
        } catch (NamingException e) {
            LOG.log(Level.FINE, "cannot look up " + jndiName, e);
            return;
        }
        if (!(bound instanceof RepositoryConnectionFactory factory)) {
            return;
        }
        String name = nameOf(factory, jndiName);
        if (!RepositoryNames.valid(name)) {
            LOG.warning("ignoring the repository bound at " + jndiName + ": its name '" + name
                    + "' is not 1 to 64 letters, digits, '.', '_' or '-'");
            return;
        }
        found.putIfAbsent(name, new RegisteredRepository(name, jndiName, factory));
    }

    private static String nameOf(RepositoryConnectionFactory factory, String jndiName) {
        String name = null;
        try {
            name = factory.repositoryName();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "no name from the factory at " + jndiName, e);
        }
        return name == null || name.isBlank() ? jndiName.substring(jndiName.lastIndexOf('/') + 1) : name;
    }
}
