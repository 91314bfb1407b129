package io.outputcache.docs;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a publishable artifact needs stays in place while the code changes: the license, the pom metadata a
 * repository such as Maven Central requires, the module name in the jar manifest, and every internal package
 * saying it is not API. (The release build itself, {@code mvn -B -Prelease -DskipTests verify}, checks that the
 * sources and javadoc jars build and that the javadoc has no errors.)
 */
class ReleaseMetadataTest {
    private static final Path ROOT = Path.of("..");
    private static final Path LIBRARY = Path.of(".");

    private static Element pom(Path dir) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(dir.resolve("pom.xml").toFile());
        return doc.getDocumentElement();
    }

    /** The text of the first element at this path of direct children ("scm/url"), or null. */
    private static String text(Element from, String path) {
        Element at = from;
        for (String name : path.split("/")) {
            at = child(at, name);
            if (at == null) {
                return null;
            }
        }
        return at.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void theRepositoryCarriesTheApacheLicenseText() throws IOException {
        String license = Files.readString(ROOT.resolve("LICENSE"));
        assertThat(license).contains("Apache License", "Version 2.0, January 2004",
                "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", "END OF TERMS AND CONDITIONS");
    }

    @Test
    void theParentPomHasTheMetadataARepositoryRequires() throws Exception {
        Element root = pom(ROOT);
        assertThat(text(root, "name")).isNotBlank();
        assertThat(text(root, "description")).isNotBlank();
        assertThat(text(root, "url")).startsWith("https://");
        assertThat(text(root, "licenses/license/name")).isEqualTo("Apache-2.0");
        assertThat(text(root, "licenses/license/url")).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
        assertThat(text(root, "developers/developer/name")).isNotBlank();
        assertThat(text(root, "scm/url")).startsWith("https://");
        assertThat(text(root, "scm/connection")).startsWith("scm:git:");
        // Children inherit url and scm as they are, without their artifactId appended.
        assertThat(root.getAttribute("child.project.url.inherit.append.path")).isEqualTo("false");
        assertThat(child(root, "scm").getAttribute("child.scm.url.inherit.append.path")).isEqualTo("false");
    }

    @Test
    void theLibraryPomNamesAndDescribesItselfAndBuildsTheReleaseJars() throws Exception {
        Element library = pom(LIBRARY);
        assertThat(text(library, "name")).isNotBlank();
        assertThat(text(library, "description")).isNotBlank();
        assertThat(text(library, "url")).startsWith("https://");
        String pom = Files.readString(LIBRARY.resolve("pom.xml"));
        assertThat(pom).contains("<Automatic-Module-Name>io.outputcache</Automatic-Module-Name>")
                .contains("<id>release</id>", "maven-source-plugin", "maven-javadoc-plugin",
                        "<excludePackageNames>io.outputcache.internal:io.outputcache.internal.*</excludePackageNames>");
    }

    @Test
    void everyInternalPackageSaysItIsNotApi() throws IOException {
        Path internal = LIBRARY.resolve("src/main/java/io/outputcache/internal");
        List<String> undocumented = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(internal)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path info = dir.resolve("package-info.java");
                if (!Files.exists(info) || !Files.readString(info).contains("<strong>Not API.</strong>")) {
                    undocumented.add(internal.relativize(dir).toString());
                }
            }
        }
        assertThat(undocumented).as("internal packages without a 'Not API' package-info").isEmpty();
    }
}
