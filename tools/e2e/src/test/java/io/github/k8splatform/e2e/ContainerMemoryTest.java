package io.github.k8splatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerMemoryTest {

    @Test
    void dockerStatsUnitsAreReadInBytes() {
        assertEquals(0, ContainerMemory.parse("0B"));
        assertEquals(512 * 1024, ContainerMemory.parse("512KiB"));
        assertEquals(Math.round(123.4 * 1024 * 1024), ContainerMemory.parse("123.4MiB"));
        assertEquals(3L << 29, ContainerMemory.parse("1.5GiB"));
        assertEquals(2_000_000, ContainerMemory.parse("2MB"));
        assertThrows(IllegalArgumentException.class, () -> ContainerMemory.parse("12XB"));
    }

    @Test
    void aSnapshotListsEachContainerAndTheSum() {
        ContainerMemory.Snapshot snapshot = new ContainerMemory.Snapshot(Map.of("orders", 100L << 20));
        assertEquals(100L << 20, snapshot.sum());
        assertEquals("orders 100.0 MiB; sum 100.0 MiB", snapshot.toString());
    }
}
