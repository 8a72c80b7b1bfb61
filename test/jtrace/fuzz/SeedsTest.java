package jtrace.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The stored seed corpus is there and is what {@link Seeds} builds: CI replays it through every fuzz test. */
class SeedsTest {
    @Test
    void everySeedIsStoredUnderTest() throws Exception {
        Path root = Path.of("test");
        Map<String, byte[]> all = Seeds.all();
        assertThat(all).hasSizeGreaterThan(50);
        for (Map.Entry<String, byte[]> seed : all.entrySet()) {
            Path file = root.resolve(seed.getKey());
            assertThat(file).as("run jtrace.fuzz.Seeds to write it").exists();
            assertThat(Files.readAllBytes(file)).as(seed.getKey()).isEqualTo(seed.getValue());
        }
    }
}
