package org.csirtgateway.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/api.md stays true: every /api route the server registers has its section there (a heading
 * {@code ### `METHOD /api/path`} with a curl example and an example response), and every section names a route that
 * exists. Adding a route without documenting it, or renaming one and leaving the old name in the docs, fails here.
 */
class ApiDocumentationTest {

    /** A route section's heading, e.g. {@code ### `GET /api/tickets/{id}`}. */
    private static final Pattern ROUTE_HEADING = Pattern.compile("^### `([A-Z]+) (/api[^`]*)`\\s*$",
            Pattern.MULTILINE);

    @TempDir
    Path directory;
    TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void everyRegisteredApiRouteIsDocumentedAndEveryDocumentedRouteExists() throws IOException {
        Set<String> registered = new TreeSet<>(server.server.registeredEndpoints().stream()
                .filter(endpoint -> endpoint.substring(endpoint.indexOf(' ') + 1).startsWith("/api"))
                .toList());
        Set<String> documented = new TreeSet<>(sections().keySet());

        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(registered);
        assertThat(undocumented).as("API routes registered in Routes but without a '### `METHOD /api/...`' section in "
                + "docs/api.md").isEmpty();
        assertThat(unknown).as("routes documented in docs/api.md that the server does not register").isEmpty();
        assertThat(registered).as("API routes registered").hasSizeGreaterThanOrEqualTo(17);
    }

    @Test
    void everyDocumentedRouteHasACurlExampleAndAnExampleResponse() throws IOException {
        List<String> incomplete = new ArrayList<>();
        for (Map.Entry<String, String> section : sections().entrySet()) {
            String text = section.getValue();
            if (!text.contains("```sh\ncurl ")) {
                incomplete.add(section.getKey() + ": no curl example");
            }
            if (!text.contains("```json\n") && !text.contains("```text\n")) {
                incomplete.add(section.getKey() + ": no example response");
            }
        }
        assertThat(incomplete).isEmpty();
    }

    @Test
    void theDocumentedAuthenticationErrorsAndPagingMatchTheServer() throws IOException {
        String docs = Files.readString(docsFile(), StandardCharsets.UTF_8);
        assertThat(docs).contains("## Authentication", "## Errors", "## Paging", "token create",
                "X-CSRF-Token", "{\"error\":\"authentication required\"}",
                "limit` (1 to " + org.csirtgateway.ui.web.Paging.MAX_LIMIT + ", default "
                        + org.csirtgateway.ui.web.Paging.DEFAULT_LIMIT + ")",
                "`offset` (0 to " + org.csirtgateway.ui.web.Paging.MAX_OFFSET + ", default 0)");
    }

    /** "METHOD /api/path" of each route section, with the section's text up to the next heading. */
    private static Map<String, String> sections() throws IOException {
        String docs = Files.readString(docsFile(), StandardCharsets.UTF_8);
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher heading = ROUTE_HEADING.matcher(docs);
        List<String> names = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        while (heading.find()) {
            names.add(heading.group(1) + " " + heading.group(2));
            starts.add(heading.start());
            ends.add(heading.end());
        }
        for (int i = 0; i < names.size(); i++) {
            // A section runs to the next route heading (code blocks may hold lines starting with '#').
            String text = docs.substring(ends.get(i), i + 1 < names.size() ? starts.get(i + 1) : docs.length());
            String previous = sections.put(names.get(i), text);
            assertThat(previous).as("docs/api.md documents " + names.get(i) + " twice").isNull();
        }
        return sections;
    }

    /** docs/api.md of the project, found from the module's directory the tests run in. */
    private static Path docsFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("docs").resolve("api.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("docs/api.md not found above " + Path.of("").toAbsolutePath());
    }
}
