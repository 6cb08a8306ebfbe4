package io.github.k8splatform.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogLineParserTest {

    @Test
    void criEntriesWithTheirPartialFlag() {
        var full = LogLineParser.parse("2026-11-25T10:00:00.123456789Z stdout F GET /api/orders 200").orElseThrow();
        assertEquals(Instant.parse("2026-11-25T10:00:00.123456789Z"), full.timestamp());
        assertEquals("stdout", full.stream());
        assertEquals("GET /api/orders 200", full.message());
        assertFalse(full.partial());
        var part = LogLineParser.parse("2026-11-25T10:00:00Z stderr P first half ").orElseThrow();
        assertTrue(part.partial());
        assertEquals("first half ", part.message());
        assertEquals("", LogLineParser.parse("2026-11-25T10:00:00Z stdout F").orElseThrow().message());
    }

    @Test
    void dockerJsonEntries() {
        var line = LogLineParser.parse("{\"log\":\"hello\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-25T10:00:00.5Z\"}").orElseThrow();
        assertEquals("hello", line.message());
        assertEquals("stderr", line.stream());
        assertFalse(line.partial());
        assertTrue(LogLineParser.parse("{\"log\":\"no newline\",\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:00Z\"}")
                .orElseThrow().partial());
    }

    @Test
    void aNulInTheTextBecomesTheReplacementCharacterTheCollectorCanStore() {
        assertEquals("a\uFFFDb", LogLineParser.parse("2026-11-25T10:00:00Z stdout F a\0b").orElseThrow().message());
        assertEquals("a\uFFFDb", LogLineParser.parse("{\"log\":\"a\\u0000b\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:00Z\"}")
                .orElseThrow().message());
    }

    @Test
    void malformedLinesAreRecognised() {
        for (String bad : new String[] {"", "garbage", "2026-11-25T10:00:00Z stdout X tag", "yesterday stdout F x",
                "2026-11-25T10:00:00Z stdin F x", "{\"log\":\"x\"}", "{not json"}) {
            assertTrue(LogLineParser.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void kubeletFileNamesNameThePodNamespaceAndContainer() {
        var file = ContainerLogFile.of(Path.of("/var/log/containers/orders-7d9f8-x2kq_platform_orders-"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.log")).orElseThrow();
        assertEquals(new ContainerLogFile("orders-7d9f8-x2kq", "platform", "orders"), file);
        assertTrue(ContainerLogFile.of(Path.of("/var/log/containers/not-a-container.log")).isEmpty());
    }
}
