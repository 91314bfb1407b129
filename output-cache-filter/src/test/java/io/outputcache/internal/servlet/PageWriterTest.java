package io.outputcache.internal.servlet;

import io.outputcache.internal.entry.Bodies;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.CacheStatus;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.HttpDates;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page writer on a real Jetty response: it writes what the pure decisions chose (304 or not, gzip or
 * identity, Vary, the ETag of the coding) and the filter's own headers. Each path serves one stored page.
 */
class PageWriterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Instant CREATED = CLOCK.instant().minus(Duration.ofSeconds(30));
    private static final byte[] IDENTITY = "<p>hello, hello, hello, hello, hello</p>".repeat(20)
            .getBytes(StandardCharsets.UTF_8);
    private static final Map<String, CachedPage> PAGES = new ConcurrentHashMap<>();
    private static TestServer server;

    private static final class WriterServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            CachedPage page = PAGES.get(request.getPathInfo());
            CacheStatus status = CacheStatus.of("test").hit();
            if (request.getPathInfo().startsWith("/preset")) {
                // What a filter in front of the cache may have set before the hit is written.
                response.setHeader("Age", "999");
                response.setHeader("ETag", "\"from-a-filter-in-front\"");
                response.setHeader("content-encoding", "br");
                response.setHeader("Vary", "Accept-Language");
            }
            if (request.getPathInfo().startsWith("/fresh")) {
                response.setStatus(page.status());
                response.setContentType("text/html;charset=UTF-8");
                PageWriter.writeFresh(request, response, page, CLOCK.instant(), status);
            } else {
                PageWriter.write(request, response, page, CLOCK.instant(), status);
            }
        }
    }

    @BeforeAll
    static void start() {
        String etag = Bodies.etag(IDENTITY);
        PAGES.put("/gzip", page(200, etag, HeaderMap.of("Content-Type", "text/html;charset=UTF-8"), true));
        PAGES.put("/identity", page(200, etag, HeaderMap.of("Content-Type", "text/html;charset=UTF-8"), false));
        PAGES.put("/varies", page(200, etag, HeaderMap.of("Content-Type", "text/html;charset=UTF-8",
                "Vary", "Accept-Language"), true));
        PAGES.put("/modified", page(200, etag, HeaderMap.of("Content-Type", "text/html;charset=UTF-8",
                "Last-Modified", HttpDates.format(CREATED.minus(Duration.ofDays(1)))), true));
        PAGES.put("/missing", page(404, etag, HeaderMap.of("Content-Type", "text/html;charset=UTF-8"), false));
        PAGES.put("/preset", page(200, etag, HeaderMap.of("Content-Type", "text/html;charset=UTF-8"), true));
        // HTTP mode stores the origin's own validator and coding fields, which the writer then replaces.
        PAGES.put("/origin-fields", page(200, etag, HeaderMap.of("Content-Type", "text/html;charset=UTF-8",
                "ETag", "\"origin\"", "Content-Encoding", "gzip"), true));
        PAGES.put("/fresh", page(200, etag, HeaderMap.of("Content-Type", "text/html;charset=UTF-8"), true));
        server = TestServer.builder().servlet("/*", new WriterServlet()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CachedPage page(int status, String etag, HeaderMap headers, boolean gzip) {
        byte[] body = gzip ? Bodies.gzip(IDENTITY) : IDENTITY;
        long created = CREATED.toEpochMilli();
        return new CachedPage("test:" + status, status, created, created + 60_000, created + 120_000, 0, etag,
                headers, gzip, body, IDENTITY.length, Set.of());
    }

    private static HttpProbe http() {
        return server.client();
    }

    @Test
    void storedGzipGoesAsItIsToAGzipClientWithItsOwnTag() {
        HttpProbe.Response r = http().get("/gzip", "Accept-Encoding: gzip");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("ETag")).endsWith("-gz\"");
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.body()).isEqualTo(IDENTITY);
        assertThat(r.header("Age")).isEqualTo("30");
        assertThat(r.cacheStatus()).isEqualTo("test; hit");
    }

    @Test
    void storedGzipIsGunzippedForOtherClientsAndStillVaries() {
        HttpProbe.Response r = http().get("/gzip", "Accept-Encoding: gzip;q=0");
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.header("ETag")).doesNotEndWith("-gz\"");
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(IDENTITY.length));
        assertThat(r.rawBody()).isEqualTo(IDENTITY);
    }

    @Test
    void anIdentityPageDoesNotVary() {
        HttpProbe.Response r = http().get("/identity", "Accept-Encoding: gzip");
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.headers("Vary")).isEmpty();
        assertThat(r.rawBody()).isEqualTo(IDENTITY);
    }

    @Test
    void acceptEncodingJoinsTheStoredVary() {
        HttpProbe.Response r = http().get("/varies", "Accept-Encoding: gzip");
        assertThat(r.headers("Vary")).containsExactly("Accept-Language", "Accept-Encoding");
    }

    @Test
    void theTagOfEitherCodingGetsA304WithTheTagOfTheCodingAskedFor() {
        String gzTag = http().get("/gzip", "Accept-Encoding: gzip").header("ETag");
        HttpProbe.Response r = http().get("/gzip", "If-None-Match: " + gzTag);
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.header("ETag")).isEqualTo(gzTag.replace("-gz\"", "\""));
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.rawBody()).isEmpty();
    }

    @Test
    void ifModifiedSinceIsComparedWithLastModified() {
        String lastModified = PAGES.get("/modified").headers().first("last-modified").orElseThrow();
        HttpProbe.Response r = http().get("/modified", "If-Modified-Since: " + lastModified);
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.header("Last-Modified")).isEqualTo(lastModified);
        assertThat(http().get("/modified", "If-Modified-Since: "
                + HttpDates.format(CREATED.minus(Duration.ofDays(2)))).status()).isEqualTo(200);
    }

    @Test
    void withoutLastModifiedIfModifiedSinceIsComparedWithTheTimeThePageWasStored() {
        assertThat(http().get("/identity", "If-Modified-Since: " + HttpDates.format(CREATED)).status())
                .isEqualTo(304);
        assertThat(http().get("/identity", "If-Modified-Since: " + HttpDates.format(CREATED.minusSeconds(1)))
                .status()).isEqualTo(200);
    }

    @Test
    void aStoredErrorIsServedWhateverTheClientHolds() {
        HttpProbe.Response r = http().get("/missing", "If-None-Match: *");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.rawBody()).isEqualTo(IDENTITY);
    }

    @Test
    void headGetsTheHeadersAndLengthWithoutABody() {
        HttpProbe.Response r = http().head("/gzip", "Accept-Encoding: gzip");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(PAGES.get("/gzip").body().length));
        assertThat(r.rawBody()).isEmpty();
    }

    @Test
    void aFreshPageKeepsTheApplicationsHeadersAndGetsOnlyTheFiltersOwn() {
        HttpProbe.Response r = http().get("/fresh", "Accept-Encoding: gzip");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers("Content-Type")).hasSize(1);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("ETag")).endsWith("-gz\"");
        assertThat(r.body()).isEqualTo(IDENTITY);
    }

    @Test
    void fieldsAFilterInFrontSetAreReplacedNotRepeated() {
        HttpProbe.Response r = http().get("/preset", "Accept-Encoding: gzip");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers("Age")).containsExactly("30");
        assertThat(r.headers("ETag")).hasSize(1).allSatisfy(tag -> assertThat(tag).endsWith("-gz\""));
        assertThat(r.headers("Content-Encoding")).containsExactly("gzip");
        assertThat(r.headers("Vary")).containsExactly("Accept-Language", "Accept-Encoding");
        assertThat(r.body()).isEqualTo(IDENTITY);
    }

    @Test
    void storedFieldsOfTheFiltersOwnNamesAreReplacedNotRepeated() {
        HttpProbe.Response r = http().get("/origin-fields", "Accept-Encoding: gzip");
        assertThat(r.headers("ETag")).hasSize(1).allSatisfy(tag -> assertThat(tag).endsWith("-gz\""));
        assertThat(r.headers("Content-Encoding")).containsExactly("gzip");
        assertThat(r.headers("Age")).containsExactly("30");
        assertThat(r.body()).isEqualTo(IDENTITY);
    }
}
