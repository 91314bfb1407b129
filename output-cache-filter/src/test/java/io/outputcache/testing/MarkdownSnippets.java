package io.outputcache.testing;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests that run a document's snippets exactly as written share: finding a marked code block in the
 * markdown, deploying a {@code web.xml} snippet, compiling a Java snippet. A snippet is the fenced block right
 * after an HTML comment {@code <!-- marker:name -->}, so the document reads as usual and the test finds it.
 */
public final class MarkdownSnippets {
    private MarkdownSnippets() {
    }

    /** The body of the {@code language} block marked {@code <!-- marker:name -->} in {@code doc}; fails if none. */
    public static String snippet(Path doc, String marker, String name, String language) throws IOException {
        String text = Files.readString(doc);
        Matcher m = Pattern.compile("<!-- " + Pattern.quote(marker) + ":" + Pattern.quote(name) + " -->\\s*```"
                + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("%s snippet %s", marker, name).isTrue();
        return m.group(1);
    }

    /** Writes {@code webapp/WEB-INF/web.xml} with the filter snippet and a {@link PageServlet} on every path. */
    public static Path webAppWithPageServlet(Path webapp, String filterXml) throws IOException {
        return webApp(webapp, """
                %s
                  <servlet>
                    <servlet-name>page</servlet-name>
                    <servlet-class>%s</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>page</servlet-name>
                    <url-pattern>/*</url-pattern>
                  </servlet-mapping>
                """.formatted(filterXml, PageServlet.class.getName()));
    }

    /** Writes {@code webapp/WEB-INF/web.xml} holding {@code body} and nothing else. */
    public static Path webApp(Path webapp, String body) throws IOException {
        Path webInf = Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                %s
                </web-app>
                """.formatted(body));
        return webapp;
    }

    /**
     * Compiles one source file against the test class path into {@code classes} (the test fails with javac's
     * messages if it does not compile) and returns a loader over the result, below {@code parent}.
     */
    public static URLClassLoader compile(Path source, Path classes, ClassLoader parent) throws IOException {
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertThat(rc).as(errors.toString(StandardCharsets.UTF_8)).isZero();
        try {
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, parent);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("no URL for " + classes, e);
        }
    }
}
