package org.repono.it.rar.server;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.transaction.UserTransaction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;
import org.repono.api.RepositoryLocalTransaction;

/** Bean-managed transactions: a UserTransaction (JTA), the connection's local transaction, a timeout. */
@Stateless
@PermitAll
@TransactionManagement(TransactionManagementType.BEAN)
public class Manual {

    @Resource(lookup = "java:/eis/repono/default")
    RepositoryConnectionFactory repository;

    @Resource
    UserTransaction transaction;

    @EJB
    Committed committed;

    /** begin, put, look from inside and from outside, then commit or roll back. */
    public Map<String, Object> userTransaction(String name, boolean commit) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        transaction.begin();
        try (RepositoryConnection c = repository.getConnection()) {
            c.put(Names.id(name), Names.data(name));
            seen.put("visibleInside", c.contains(Names.id(name)));
            seen.put("visibleOutside", committed.contains(name));
        }
        if (commit) {
            transaction.commit();
        } else {
            transaction.rollback();
        }
        return seen;
    }

    /** The same with a handle opened before the transaction begins (the server enlists it at begin). */
    public Map<String, Object> handleOpenedBeforeBegin(String name) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        try (RepositoryConnection c = repository.getConnection()) {
            transaction.begin();
            c.put(Names.id(name), Names.data(name));
            seen.put("visibleOutside", committed.contains(name));
            transaction.rollback();
        }
        return seen;
    }

    /** Outside JTA: the connection's own local transaction. */
    public Map<String, Object> localTransaction(String first, String second, boolean commit) {
        Map<String, Object> seen = new LinkedHashMap<>();
        try (RepositoryConnection c = repository.getConnection()) {
            RepositoryLocalTransaction local = c.getLocalTransaction();
            local.begin();
            c.put(Names.id(first), Names.data(first));
            c.put(Names.id(second), Names.data(second));
            seen.put("visibleInside", c.contains(Names.id(first)));
            seen.put("visibleOutside", committed.contains(first));
            if (commit) {
                local.commit();
            } else {
                local.rollback();
            }
        }
        return seen;
    }

    /** A transaction that outlives its timeout: the transaction manager rolls it back under the bean's feet. */
    public Map<String, Object> timeout(String name, String later, int timeoutSeconds) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        transaction.setTransactionTimeout(timeoutSeconds);
        transaction.begin();
        try (RepositoryConnection c = repository.getConnection()) {
            c.put(Names.id(name), Names.data(name));
            Thread.sleep(timeoutSeconds * 1000L + 2000);
            try {
                c.put(Names.id(later), Names.data(later));
                seen.put("laterWork", "accepted");
            } catch (RuntimeException e) {
                seen.put("laterWork", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        try {
            transaction.commit();
            seen.put("commit", "committed");
        } catch (Exception e) {
            seen.put("commit", e.getClass().getSimpleName());
        } finally {
            transaction.setTransactionTimeout(0);
        }
        return seen;
    }

    /** A handle used after close fails clearly. */
    public String useAfterClose() {
        RepositoryConnection c = repository.getConnection();
        c.close();
        try {
            c.contains(Names.id("anything"));
            return "no failure";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }
}
