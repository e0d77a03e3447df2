package org.repono.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class HealthSettingsTest {

    private static HealthSettings of(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return HealthSettings.of(properties);
    }

    @Test
    void withoutSettingsTheDefaultApplies() {
        assertEquals(HealthSettings.DEFAULT_MIN_FREE_DISK_BYTES, of().minFreeDiskBytes("main"));
    }

    @Test
    void aRepositorysOwnMinimumWinsOverTheGeneralOne() {
        HealthSettings settings = of("minFreeDiskBytes", "1000", "minFreeDiskBytes.main", "5");

        assertEquals(5, settings.minFreeDiskBytes("main"));
        assertEquals(1000, settings.minFreeDiskBytes("other"));
    }

    @Test
    void aValueThatIsNotABytesCountFallsBackToTheDefault() {
        assertEquals(HealthSettings.DEFAULT_MIN_FREE_DISK_BYTES, of("minFreeDiskBytes", "lots").minFreeDiskBytes("a"));
        assertEquals(HealthSettings.DEFAULT_MIN_FREE_DISK_BYTES, of("minFreeDiskBytes", "-1").minFreeDiskBytes("a"));
        assertEquals(7, of("minFreeDiskBytes", " 7 ").minFreeDiskBytes("a"));
    }
}
