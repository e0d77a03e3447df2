package org.repono.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RepositoryAddressTest {

    @Test
    void refusesAMissingNameOrFolderNamingTheField() {
        NullPointerException noName = assertThrows(NullPointerException.class,
                () -> new RepositoryAddress(null, "/srv/repono/default", true));
        assertEquals("name", noName.getMessage());
        NullPointerException noFolder = assertThrows(NullPointerException.class,
                () -> new RepositoryAddress("default", null, true));
        assertEquals("folder", noFolder.getMessage());
    }

    @Test
    void equalAddressesAreEqual() {
        assertEquals(new RepositoryAddress("default", "/srv/repono/default", true),
                new RepositoryAddress("default", "/srv/repono/default", true));
    }
}
