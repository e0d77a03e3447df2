package org.repono.it.rar.server;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;

/**
 * A repository defined by the application itself, with {@code @ConnectionFactoryDefinition} (no server setting but
 * the authentication context {@code repono-recovery} that configure.cli adds): the two {@code ironjacamar.security}
 * properties give the definition a security domain, which is what makes WildFly register it for XA recovery
 * (RarRecoveryIT checks that a branch on it is recovered).
 */
@Stateless
@PermitAll
@ConnectionFactoryDefinition(name = Defined.JNDI_NAME,
        interfaceName = "org.repono.api.RepositoryConnectionFactory",
        resourceAdapter = "#repono-rar",
        transactionSupport = TransactionSupportLevel.XATransaction,
        properties = {"RepositoryPath=${repono.home}/repositories/rar-it-defined", "RepositoryName=rar-it-defined",
                "ironjacamar.security=domain", "ironjacamar.security.elytron-authentication-context=repono-recovery"})
public class Defined {

    static final String JNDI_NAME = "java:app/repono/rar-it-defined";

    @Resource(lookup = JNDI_NAME)
    RepositoryConnectionFactory repository;

    /** A put in the bean's transaction, then what the repository says of itself. */
    public Map<String, Object> putAndDescribe(String name) {
        return putAndDescribe(repository, name);
    }

    /** The same through the connection factory bound at {@code jndiName} (e.g. by a RAR's ironjacamar.xml). */
    public Map<String, Object> putAndDescribe(String jndiName, String name) throws javax.naming.NamingException {
        return putAndDescribe((RepositoryConnectionFactory) new javax.naming.InitialContext().lookup(jndiName), name);
    }

    private static Map<String, Object> putAndDescribe(RepositoryConnectionFactory repository, String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (RepositoryConnection c = repository.getConnection()) {
            c.put(Names.id(name), Names.data(name));
            out.put("factoryName", repository.repositoryName());
            out.put("name", c.address().name());
            out.put("folder", c.address().folder());
            out.put("contains", c.contains(Names.id(name)));
            out.put("objects", c.count());
        }
        return out;
    }
}
