package org.repono.it.rar.server;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;

/** Work in a transaction of its own (REQUIRES_NEW), called from inside another one. */
@Stateless
@PermitAll
public class Inner {

    @Resource(lookup = "java:/eis/repono/default")
    RepositoryConnectionFactory repository;

    /** Puts {@code name} and says whether the caller's uncommitted {@code callers} object can be seen. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean putAndLookFor(String name, String callers) {
        try (RepositoryConnection c = repository.getConnection()) {
            c.put(Names.id(name), Names.data(name));
            return c.contains(Names.id(callers));
        }
    }
}
