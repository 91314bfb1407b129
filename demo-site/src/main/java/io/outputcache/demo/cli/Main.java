package io.outputcache.demo.cli;

import io.outputcache.demo.DemoOptions;
import io.outputcache.demo.DemoServer;
import io.outputcache.demo.UsageException;
import io.outputcache.demo.bench.Bench;
import io.outputcache.demo.hitbench.HitBench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** {@code java -jar demo-site.jar [options]} runs the shop; {@code ... bench [options]} runs the load comparison;
 * {@code ... hitbench [options]} measures a cache hit against the limit and the caching proxies. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs and returns the exit status: 0 when done (bench) or never for a running site, 2 for usage, 1 for failure. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            if (!args.isEmpty() && args.get(0).equals("bench")) {
                return Bench.run(args.subList(1, args.size()), out);
            }
            if (!args.isEmpty() && args.get(0).equals("hitbench")) {
                return HitBench.run(args.subList(1, args.size()), out);
            }
            DemoOptions options = DemoOptions.parse(args);
            if (options.help()) {
                out.print(DemoOptions.HELP);
                return 0;
            }
            DemoServer server = DemoServer.start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "demo-shutdown"));
            server.notes().forEach(n -> out.println("demo-site: " + n));
            out.println("demo-site: shop running at " + server.baseUrl() + "/  (" + server.services().storeDescription()
                    + "; caching " + server.services().cacheSwitch().label() + "; "
                    + (options.webXml() ? "deployed from WEB-INF/web.xml" : "filter registered in code") + ")");
            out.println("demo-site: live numbers at " + server.baseUrl() + "/stats, admin at " + server.baseUrl()
                    + "/admin" + (options.adminToken().isPresent() ? "" : " with token " + server.services().adminToken()));
            out.flush();
            Thread.currentThread().join();
            return 0;
        } catch (UsageException e) {
            err.println("demo-site: " + e.getMessage() + " (see --help)");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            err.println("demo-site: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }
}
