package org.repono.engine.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessIdentityTest {

    @Test
    void lockFileNameIsBorgsHostDotPidDashHexThread() {
        assertEquals("vm@3281355014145.9708-0", new ProcessIdentity("vm@3281355014145", 9708, 0).lockFileName());
        assertEquals("h.1-ff", new ProcessIdentity("h", 1, 255).lockFileName());
        assertEquals("h.1--a", new ProcessIdentity("h", 1, -10).lockFileName());
    }

    @Test
    void parsingSplitsAtTheLastDashAndTheLastDotLikeBorgsRsplit() {
        assertEquals(new ProcessIdentity("my-host.example.org@1234", 42, 0),
                ProcessIdentity.parseLockFileName("my-host.example.org@1234.42-0"));
        assertEquals(new ProcessIdentity("h", 7, 0x1f), ProcessIdentity.parseLockFileName("h.7-1f"));
        assertEquals(new ProcessIdentity("", 7, 0), ProcessIdentity.parseLockFileName(".7-0"));
    }

    @Test
    void currentProcessIsOurPidWithThreadZero() {
        ProcessIdentity me = ProcessIdentity.currentProcess("x@1");
        assertEquals(ProcessHandle.current().pid(), me.pid());
        assertEquals(0, me.thread());
        assertEquals(me, ProcessIdentity.parseLockFileName(me.lockFileName()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nodash", "nodot-0", "h.x-0", "h.1-zz", "h.1-", "h.-0", "h.1.5"})
    void malformedNamesAreNull(String name) {
        assertNull(ProcessIdentity.parseLockFileName(name), name);
    }
}
