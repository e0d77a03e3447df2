package org.repono.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamesAndIdsTest {

    @Test
    void repositoryNamesAreShortWordsThatCannotNameAPath() {
        for (String good : new String[] {"default", "a", "Main-2", "x.y_z", "9" + "a".repeat(63)}) {
            assertTrue(RepositoryNames.valid(good), good);
        }
        for (String bad : new String[] {null, "", ".", "..", "a..b", "../x", "a/b", "a\\b", "-a", ".hidden", "a b",
                "a".repeat(65), "é"}) {
            assertFalse(RepositoryNames.valid(bad), String.valueOf(bad));
        }
    }

    @Test
    void anObjectIdIs64HexCharactersOfAnyCase() {
        String upper = "AB".repeat(32);

        assertEquals("ab".repeat(32), ObjectIds.normalized(upper, "object id"));
    }

    @Test
    void aBadIdIsRefusedNamingItAndItsLength() {
        ReponoProblem refused = assertThrows(ReponoProblem.class, () -> ObjectIds.normalized("abc", "object id"));

        assertEquals(Refusal.INVALID_ID, refused.refusal());
        assertEquals("Object id 'abc' is not 64 hexadecimal characters (got 3).", refused.getMessage());
        assertEquals(Refusal.INVALID_ID,
                assertThrows(ReponoProblem.class, () -> ObjectIds.normalized("g".repeat(64), "marker")).refusal());
        assertEquals(Refusal.INVALID_ID,
                assertThrows(ReponoProblem.class, () -> ObjectIds.normalized(null, "marker")).refusal());
    }

    @Test
    void aPrefixIsUpTo64HexCharacters() {
        assertEquals("", ObjectIds.prefix(null));
        assertEquals("", ObjectIds.prefix(""));
        assertEquals("0af", ObjectIds.prefix("0AF"));
        assertEquals(Refusal.INVALID_REQUEST,
                assertThrows(ReponoProblem.class, () -> ObjectIds.prefix("xyz")).refusal());
        assertEquals(Refusal.INVALID_REQUEST,
                assertThrows(ReponoProblem.class, () -> ObjectIds.prefix("a".repeat(65))).refusal());
    }
}
