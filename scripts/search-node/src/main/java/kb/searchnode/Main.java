package kb.searchnode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in this JVM, for the live search tests and the benchmarks.
 *
 * <p>Usage: {@code java -cp ... kb.searchnode.Main HOME HTTP_PORT}. HOME is a scratch directory
 * (data, logs and config go under it); the node listens on 127.0.0.1 only, HTTP on HTTP_PORT,
 * runs as a single-node cluster with no security plugin, and stops cleanly on SIGTERM.
 */
public final class Main {
    private Main() {}

    /** Node's constructor that takes classpath plugins is protected: this opens it. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Settings settings) {
            super(
                    InternalSettingsPreparer.prepareEnvironment(
                            settings, Map.of(), null, () -> settings.get("node.name")),
                    List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class),
                    true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: kb.searchnode.Main HOME HTTP_PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int httpPort = Integer.parseInt(args[1]);
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings settings = Settings.builder()
                .put("cluster.name", "kb-search-node")
                .put("node.name", "kb-search-node-" + httpPort)
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("network.host", "127.0.0.1")
                .put("http.port", httpPort)
                .put("transport.port", "19300-19999")
                .put("discovery.type", "single-node")
                // A scratch node on a developer machine or CI: a nearly full disk must not
                // turn it read-only.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.auto_create_index", true)
                .build();

        Node node = new ClasspathNode(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> {
                    try {
                        node.close();
                        node.awaitClose(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        e.printStackTrace();
                    } finally {
                        stopped.countDown();
                    }
                }, "search-node-shutdown"));
        node.start();
        System.out.println("search-node: OpenSearch listening on http://127.0.0.1:" + httpPort);
        System.out.flush();
        stopped.await();
    }
}
