package org.repono.it.rar.server;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;

/** Looks at the repository from outside any transaction: what is committed, nothing else. */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Committed {

    @Resource(lookup = "java:/eis/repono/default")
    RepositoryConnectionFactory repository;

    @Resource(lookup = Defined.JNDI_NAME)
    RepositoryConnectionFactory defined;

    public boolean contains(String name) {
        try (RepositoryConnection c = repository.getConnection()) {
            return c.contains(Names.id(name));
        }
    }

    /** The committed count. */
    public long count() {
        try (RepositoryConnection c = repository.getConnection()) {
            return c.count();
        }
    }

    public int inDoubt() {
        try (RepositoryConnection c = repository.getConnection()) {
            return c.maintenance().inDoubtTransactions().size();
        }
    }

    /** The same two on the repository the application defines itself ({@link Defined}). */
    public boolean definedContains(String name) {
        try (RepositoryConnection c = defined.getConnection()) {
            return c.contains(Names.id(name));
        }
    }

    public int definedInDoubt() {
        try (RepositoryConnection c = defined.getConnection()) {
            return c.maintenance().inDoubtTransactions().size();
        }
    }
}
