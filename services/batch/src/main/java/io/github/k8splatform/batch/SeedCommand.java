package io.github.k8splatform.batch;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Loads the bundled product list (seed/products.tsv) into the catalog through catalog's API, with
 * the write token, as any writer does: the catalog owns its table, and batch has no SQL of its own
 * for it. A product already as listed is left alone; any other is PUT (created or replaced), so
 * running it twice leaves the same products. Until the catalog answers (the setup Job starts beside
 * the Deployments) it retries, for at most batch.seed.catalog-wait.
 */
@Command(name = "seed", description = "Load the bundled product list into the catalog, through its API.")
public class SeedCommand implements Callable<Integer> {

    static final String SEED_FILE = "seed/products.tsv";
    private static final Duration PAUSE = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    private final CatalogApi catalog;
    private final String catalogUrl;
    private final Optional<String> token;
    private final Duration wait;

    SeedCommand(@RestClient CatalogApi catalog, @ConfigProperty(name = "quarkus.rest-client.catalog.url") String catalogUrl,
            @ConfigProperty(name = "app.write-token") Optional<String> token,
            @ConfigProperty(name = "batch.seed.catalog-wait") Duration wait) {
        this.catalog = catalog;
        this.catalogUrl = catalogUrl;
        this.token = token.filter(t -> !t.isBlank());
        this.wait = wait;
    }

    record SeedProduct(String sku, ProductFields fields) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        String authorization = "Bearer " + token.orElseThrow(() -> new IllegalStateException("no catalog write token:"
                + " CATALOG_WRITE_TOKEN must hold the Secret catalog-write-token's token (make up creates it)"));
        List<SeedProduct> products = read();
        long deadline = System.nanoTime() + wait.toNanos();
        int inserted = 0;
        int updated = 0;
        for (SeedProduct p : products) {
            Optional<ProductFields> current = untilAnswered(deadline, p.sku(), () -> find(p.sku()));
            if (current.isPresent() && current.get().equals(p.fields())) {
                continue;
            }
            untilAnswered(deadline, p.sku(), () -> catalog.put(p.sku(), authorization, p.fields()));
            if (current.isEmpty()) {
                inserted++;
            } else {
                updated++;
            }
        }
        spec.commandLine().getOut().printf("seed catalog: %d products in %s (%d inserted, %d updated, %d unchanged)%n",
                products.size(), SEED_FILE, inserted, updated, products.size() - inserted - updated);
        return 0;
    }

    private Optional<ProductFields> find(String sku) {
        try {
            return Optional.of(catalog.get(sku));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The call's answer; while the catalog is not there yet (no connection, 502 to 504) it is tried
     * again every second until the deadline. Any other refusal fails the seed at once, in one line.
     */
    private <T> T untilAnswered(long deadline, String sku, Supplier<T> call) throws InterruptedException {
        while (true) {
            try {
                return call.get();
            } catch (ProcessingException | WebApplicationException e) {
                int status = e instanceof WebApplicationException w ? w.getResponse().getStatus() : 0;
                if (status == 0 && !unreachable(e)) {
                    throw new IllegalStateException("the catalog's answer for " + sku + " could not be read: " + e.getMessage());
                }
                if (status != 0 && (status < 502 || status > 504)) {
                    throw new IllegalStateException(refusal(sku, status, (WebApplicationException) e));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the catalog at " + catalogUrl + " did not answer within " + wait
                            + " (" + (status == 0 ? e.getMessage() : "HTTP " + status) + ")");
                }
                Thread.sleep(PAUSE.toMillis());
            }
        }
    }

    /** No connection (refused, no such host, timed out): an I/O failure somewhere in the causes. */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String refusal(String sku, int status, WebApplicationException e) {
        if (status == 401 || status == 403) {
            return "the catalog refused the write token (HTTP " + status + "): CATALOG_WRITE_TOKEN must hold the Secret"
                    + " catalog-write-token's token";
        }
        String body = e.getResponse().hasEntity() ? e.getResponse().readEntity(String.class) : "";
        return "the catalog refused " + sku + " (HTTP " + status + ")" + (body.isBlank() ? "" : ": " + body.strip());
    }

    static List<SeedProduct> read() throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SEED_FILE);
        if (in == null) {
            throw new IOException(SEED_FILE + " is missing from the batch jar");
        }
        List<SeedProduct> products = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 5) {
                    throw new IOException(SEED_FILE + " line " + number + ": expected 5 tab-separated fields");
                }
                products.add(new SeedProduct(f[0], new ProductFields(f[1], f[2], Long.parseLong(f[3]), f[4])));
            }
        }
        return products;
    }
}
