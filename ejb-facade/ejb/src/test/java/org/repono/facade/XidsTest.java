package org.repono.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class XidsTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void anXaBranchIsShownWithItsParts() {
        PreparedTransactionView view = Xids.view("131077:0a0B:ff", T0, 2, 1, 300, T0.plusMillis(90_500));

        assertEquals(131077, view.formatId());
        assertEquals("0a0b", view.globalTransactionId());
        assertEquals("ff", view.branchQualifier());
        assertEquals("131077:0a0B:ff", view.text());
        assertEquals(90.5, view.ageSeconds(), 1e-9);
        assertEquals("131077:0a0B:ff", Xids.fromHex(view.xid()));
        assertEquals(view.xid().toLowerCase(), view.xid());
    }

    @Test
    void anotherFormIsShownAsIs() {
        PreparedTransactionView view = Xids.view("c0ffee", T0, 0, 0, 0, T0);

        assertNull(view.formatId());
        assertNull(view.globalTransactionId());
        assertNull(view.branchQualifier());
        assertEquals("c0ffee", Xids.fromHex(view.xid()));
    }

    @Test
    void theHexMayBeUpperCase() {
        assertEquals("1:ab:cd", Xids.fromHex(Xids.toHex("1:ab:cd").toUpperCase()));
    }

    @Test
    void anythingButWholeHexBytesIsRefused() {
        for (String bad : new String[] {"", "abc", "zz", "0g", "a".repeat(602)}) {
            ReponoProblem refused = assertThrows(ReponoProblem.class, () -> Xids.fromHex(bad), bad);
            assertEquals(Refusal.INVALID_REQUEST, refused.refusal());
        }
    }
}
