import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The floor of make bench-http and make bench-startup: the plain JDK answering a small JSON body on
 * 127.0.0.1, so each service's figure reads against what this machine and JVM give with no
 * framework at all.
 * Run with: java FloorServer.java PORT
 */
public class FloorServer {

    public static void main(String[] args) throws Exception {
        byte[] body = "{\"status\":\"up\",\"service\":\"floor\"}".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 64);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        // Without an executor the one dispatcher thread does everything; a thread per core uses the machine.
        server.setExecutor(Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors()));
        server.start();
    }
}
