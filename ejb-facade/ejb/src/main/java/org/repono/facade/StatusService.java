package org.repono.facade;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import java.util.Map;
import org.repono.api.RepositoryConnectionFactory;
import org.repono.health.ReponoStatus;
import org.repono.health.StatusReport;

/** Repono's state for the health checks, which call without a user: hence open to all. */
@Stateless
@Local(ReponoStatus.class)
@PermitAll
public class StatusService implements ReponoStatus {

    @Resource(lookup = DefaultRepository.CONNECTION_FACTORY)
    RepositoryConnectionFactory connections;

    @Override
    public StatusReport status() {
        Ping ping = Ping.through(connections);
        return new StatusReport(ping.folderExists(), Map.of(
                "defaultRepository", ping.repository(),
                "defaultRepositoryFolder", ping.folder()));
    }
}
