package org.repono.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.ejb.EJBTransactionRolledbackException;
import org.junit.jupiter.api.Test;
import org.repono.api.AppendOnlyException;
import org.repono.api.IntegrityFailureException;
import org.repono.api.MaintenanceBusyException;
import org.repono.api.ObjectNotFoundException;
import org.repono.api.RepositoryFailure;
import org.repono.api.RepositoryLockedException;
import org.repono.api.RepositoryUnavailableException;
import org.repono.engine.InsufficientFreeSpaceException;
import org.repono.engine.StorageQuotaExceededException;

class FailuresTest {

    @Test
    void eachAdapterFailureHasItsRefusalAndKeepsItsMessage() {
        assertEquals(Refusal.OBJECT_NOT_FOUND, Failures.translate(new ObjectNotFoundException("x")).refusal());
        assertEquals(Refusal.APPEND_ONLY, Failures.translate(new AppendOnlyException("x")).refusal());
        assertEquals(Refusal.INTEGRITY_ERROR, Failures.translate(new IntegrityFailureException("x")).refusal());
        assertEquals(Refusal.REPOSITORY_LOCKED, Failures.translate(new RepositoryLockedException("x")).refusal());
        assertEquals(Refusal.REPOSITORY_BUSY, Failures.translate(new MaintenanceBusyException("x")).refusal());
        assertEquals(Refusal.REPOSITORY_UNAVAILABLE,
                Failures.translate(new RepositoryUnavailableException("x")).refusal());
        assertEquals(Refusal.INTERNAL_ERROR, Failures.translate(new RepositoryFailure("x")).refusal());
        assertEquals("repository 'main': object 00 not found",
                Failures.translate(new ObjectNotFoundException("repository 'main': object 00 not found")).getMessage());
    }

    @Test
    void theEnginesSpaceFailuresRideAsCausesAndAreRecognized() {
        // as the resource adapter reports them: a generic failure around the engine's exception
        RepositoryFailure quota = new RepositoryFailure("repository 'main': quota",
                new StorageQuotaExceededException(java.nio.file.Path.of("/srv/main"), "storage quota 100 exceeded"));
        RepositoryFailure space = new RepositoryUnavailableException("repository 'main': no space",
                new InsufficientFreeSpaceException(java.nio.file.Path.of("/srv/main"), "needs 5 more bytes"));

        assertEquals(Refusal.STORAGE_QUOTA_EXCEEDED, Failures.translate(quota).refusal());
        assertEquals(Refusal.INSUFFICIENT_FREE_SPACE, Failures.translate(space).refusal());
    }

    @Test
    void aFailureTheContainerWrappedAtCommitIsFound() {
        RepositoryLockedException locked = new RepositoryLockedException("repository 'main' is locked");
        EJBException wrapped = new EJBTransactionRolledbackException("commit failed", new Exception("xa", locked));

        ReponoProblem problem = Failures.problemIn(wrapped).orElseThrow();

        assertEquals(Refusal.REPOSITORY_LOCKED, problem.refusal());
        assertSame(locked, problem.getCause());
    }

    @Test
    void aProblemPassesAsItIs() {
        ReponoProblem problem = new ReponoProblem(Refusal.JOB_RUNNING, "busy", "j1", null);

        assertSame(problem, Failures.problemIn(new EJBException(problem)).orElseThrow());
    }

    @Test
    void somethingElseIsNoProblemOfTheRepository() {
        assertTrue(Failures.problemIn(new IllegalStateException("bug")).isEmpty());
    }

    @Test
    void onlyTheRepositoryStatesThatPassAreRetryable() {
        assertTrue(Refusal.REPOSITORY_LOCKED.retryable());
        assertTrue(Refusal.REPOSITORY_BUSY.retryable());
        assertEquals(false, Refusal.APPEND_ONLY.retryable());
    }
}
