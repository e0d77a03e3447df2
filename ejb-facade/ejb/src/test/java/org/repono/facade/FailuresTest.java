package org.repono.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.ejb.EJBTransactionRolledbackException;
import org.junit.jupiter.api.Test;
import org.repono.api.AppendOnlyException;
import org.repono.api.InsufficientFreeSpaceException;
import org.repono.api.IntegrityFailureException;
import org.repono.api.MaintenanceBusyException;
import org.repono.api.ObjectNotFoundException;
import org.repono.api.RepositoryFailure;
import org.repono.api.RepositoryLockedException;
import org.repono.api.RepositoryUnavailableException;
import org.repono.api.StorageQuotaExceededException;

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
    void theSpaceFailuresAreRecognizedByTheirTypeNotByAName() {
        assertEquals(Refusal.STORAGE_QUOTA_EXCEEDED,
                Failures.translate(new StorageQuotaExceededException("repository 'main': quota")).refusal());
        assertEquals(Refusal.INSUFFICIENT_FREE_SPACE,
                Failures.translate(new InsufficientFreeSpaceException("repository 'main': no space")).refusal());
        // a cause that merely carries such a name no longer decides anything
        RepositoryFailure named = new RepositoryUnavailableException("repository 'main': I/O error",
                new StorageQuotaExceededException("inner"));
        assertEquals(Refusal.REPOSITORY_UNAVAILABLE, Failures.translate(named).refusal());
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
