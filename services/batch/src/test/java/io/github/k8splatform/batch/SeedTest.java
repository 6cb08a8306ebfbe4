package io.github.k8splatform.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** seed writes through the real catalog's API with the write token: the products land, and twice is once. */
@QuarkusMainTest
@QuarkusTestResource(value = RunningCatalog.class, restrictToAnnotatedClass = true)
class SeedTest {

    private static final String PRODUCTS =
            "(SELECT sku, name, description, price_cents, currency, updated_at FROM catalog.products)";
    /** The products as listed, without when they were written. */
    private static final String LISTED = "(SELECT sku, name, description, price_cents, currency FROM catalog.products)";

    @BeforeEach
    void emptyCatalog() throws Exception {
        TestDatabase.execute("TRUNCATE catalog.products");
    }

    @Test
    void seedTwiceLeavesTheSameProducts(QuarkusMainLauncher launcher) throws Exception {
        int listed = SeedCommand.read().size();
        LaunchResult first = BatchCommandsTest.ok(launcher, "seed");
        assertTrue(first.getOutput().contains(listed + " inserted, 0 updated"), first.getOutput());
        assertEquals(listed, TestDatabase.count("SELECT count(*) FROM catalog.products"));
        String once = TestDatabase.fingerprint(PRODUCTS);

        LaunchResult second = BatchCommandsTest.ok(launcher, "seed");
        assertTrue(second.getOutput().contains("0 inserted, 0 updated, " + listed + " unchanged"), second.getOutput());
        assertEquals(once, TestDatabase.fingerprint(PRODUCTS), "an unchanged product is not written again");
    }

    @Test
    void aChangedProductIsPutBack(QuarkusMainLauncher launcher) throws Exception {
        BatchCommandsTest.ok(launcher, "seed");
        String seeded = TestDatabase.fingerprint(LISTED);
        TestDatabase.execute("UPDATE catalog.products SET price_cents = price_cents + 1 WHERE sku = 'MUG-CLASSIC'");

        LaunchResult again = BatchCommandsTest.ok(launcher, "seed");
        assertTrue(again.getOutput().contains("0 inserted, 1 updated"), again.getOutput());
        assertEquals(seeded, TestDatabase.fingerprint(LISTED));
    }
}
