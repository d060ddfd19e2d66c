package org.csirtgateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Reports written to attack the analyst who reads them: every way an HTML mail (or a header, a file name, a report
 * field) could run script, load something from elsewhere or restyle the page. Each one sets the marker
 * {@code window.pwned} (and the page title to "pwned") if its script runs, and points every image, style sheet, form,
 * frame and redirect at the canary site, under a path naming the sample, so a request that leaves the page is
 * caught there. Plus the HTML-bearing messages of the shared real-world corpus whose HTML holds anything active or
 * remote.
 */
final class HostileReports {

    /** One report: a name for messages, and the bytes a mail server would relay. */
    record Sample(String name, byte[] raw) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What makes a corpus message's HTML hostile: anything that runs, loads, navigates, submits or restyles. */
    private static final Pattern ACTIVE_OR_REMOTE_HTML = Pattern.compile(
            "<script|\\son[a-z]+\\s*=|javascript:|<meta[^>]+refresh|<base[\\s>]|<form[\\s>]|<svg|url\\s*\\("
                    + "|<img[^>]+src\\s*=\\s*[\"']?(https?:)?//|<iframe|<object|<embed|<link[\\s>]|<style",
            Pattern.CASE_INSENSITIVE);
    /** Bigger corpus messages are the parser's business (limits, resource tests), not the browser's. */
    private static final long MAX_CORPUS_BYTES = 256 * 1024;

    private HostileReports() {
    }

    /** The team's own attack samples, pointing at {@code canary} (an origin such as http://127.0.0.1:40123). */
    static List<Sample> written(String canary, String to) {
        List<Sample> samples = new ArrayList<>();
        samples.add(html("script-tags", to, canary, """
                <html><head><script>window.pwned='script';document.title='pwned';new Image().src='%1$s/script-tags/ran'</script>
                <script src="%1$s/script-tags/external.js"></script></head>
                <body><p>Script tags in a report.</p><noscript><img src="%1$s/script-tags/noscript"></noscript>
                <script type="module">window.pwned='module'</script></body></html>"""));
        samples.add(html("event-handlers", to, canary, """
                <html><body onload="window.pwned='onload';document.title='pwned'">
                <p onmouseover="window.pwned='mouseover'">Event handlers in a report.</p>
                <img src="%1$s/event-handlers/img" onerror="window.pwned='onerror'">
                <input autofocus onfocus="window.pwned='onfocus'"><details open ontoggle="window.pwned='ontoggle'">x</details>
                <video><source onerror="window.pwned='source'"></video><body onpageshow="window.pwned='pageshow'">
                </body></html>"""));
        samples.add(html("javascript-links", to, canary, """
                <html><body><p>Links that run script.</p>
                <a href="javascript:window.pwned='link'">Restore your account</a>
                <a href="JaVaScRiPt:window.pwned='mixed-case'">mixed case</a>
                <a href="&#106;avascript:window.pwned='entity'">entity</a>
                <a href="data:text/html,&lt;script&gt;window.pwned='data'&lt;/script&gt;">data URL</a>
                <iframe src="javascript:parent.pwned='iframe'"></iframe>
                <a href="%1$s/javascript-links/plain">a plain remote link</a></body></html>"""));
        samples.add(html("remote-content", to, canary, """
                <html><head><link rel="stylesheet" href="%1$s/remote-content/link.css">
                <link rel="prefetch" href="%1$s/remote-content/prefetch"><link rel="icon" href="%1$s/remote-content/icon"></head>
                <body><p>Remote images and frames.</p><img src="%1$s/remote-content/pixel.gif" width="1" height="1">
                <img srcset="%1$s/remote-content/srcset.png 2x"><picture><source srcset="%1$s/remote-content/picture.png"></picture>
                <video poster="%1$s/remote-content/poster.png" src="%1$s/remote-content/video.mp4"></video>
                <audio src="%1$s/remote-content/audio.mp3" autoplay></audio>
                <iframe src="%1$s/remote-content/iframe"></iframe><object data="%1$s/remote-content/object"></object>
                <embed src="%1$s/remote-content/embed"><table background="%1$s/remote-content/table.png"><tr><td>t</td></tr></table>
                </body></html>"""));
        samples.add(html("css-tricks", to, canary, """
                <html><head><style>@import url(%1$s/css-tricks/import.css);
                body{background:url(%1$s/css-tricks/background.png)}
                @font-face{font-family:x;src:url(%1$s/css-tricks/font.woff)} p{font-family:x}
                input[name=csrf][value^="a"]{background:url(%1$s/css-tricks/steal-csrf-a)}
                main{display:none} header{visibility:hidden}</style></head>
                <body><div style="background-image:url(%1$s/css-tricks/inline-style)">Inline style.</div>
                <div style="position:fixed;top:0;left:0;width:100%%;height:100%%;background:#fff;z-index:99">A fake
                overlay that would cover the page.</div><p>CSS tricks in a report.</p></body></html>"""));
        samples.add(html("meta-refresh-and-base", to, canary, """
                <html><head><base href="%1$s/meta-refresh-and-base/">
                <meta http-equiv="refresh" content="0;url=%1$s/meta-refresh-and-base/refresh">
                <meta http-equiv="Content-Security-Policy" content="default-src *">
                <meta http-equiv="set-cookie" content="cgw_session=attacker"></head>
                <body><p>A redirect and a base URL.</p><img src="relative.png"><a href="relative">relative link</a></body></html>"""));
        samples.add(html("forms", to, canary, """
                <html><body><p>Please confirm your password.</p>
                <form action="%1$s/forms/action" method="post"><input type="password" name="password">
                <button formaction="%1$s/forms/formaction">Log in</button></form>
                <form id="outside"></form><button form="outside" formaction="%1$s/forms/outside">Outside</button>
                <isindex action="%1$s/forms/isindex"></body></html>"""));
        samples.add(html("svg-and-mathml", to, canary, """
                <html><body><p>SVG and MathML with script.</p>
                <svg onload="window.pwned='svg'"><script>window.pwned='svg-script'</script>
                <image href="%1$s/svg-and-mathml/image.png"/><a xlink:href="javascript:window.pwned='svg-link'"><text>x</text></a>
                <foreignObject><img src="%1$s/svg-and-mathml/foreign.png"></foreignObject>
                <animate onbegin="window.pwned='animate'" attributeName="x" dur="1s"/></svg>
                <math><mtext><table><mglyph><style><img src="%1$s/svg-and-mathml/mxss.png" onerror="window.pwned='mxss'">
                </style></mglyph></table></mtext></math></body></html>"""));
        samples.add(raw("headers-and-names", """
                From: "<img src=%1$s/headers-and-names/from onerror=window.pwned='from'>" <mallory@attacker.example>
                To: %2$s
                Subject: "><svg onload=window.pwned='subject'> <script>window.pwned='subject'</script>
                Message-ID: <"><script>window.pwned='message-id'</script>@attacker.example>
                Date: Mon, 2 Mar 2026 08:00:00 +0000
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=b
                
                --b
                Content-Type: text/plain; charset=utf-8
                
                Plain text that looks like markup: </pre><script>window.pwned='body'</script><img src=%1$s/headers-and-names/body>
                <style>main{display:none}</style>
                --b
                Content-Type: text/html; name="\\"><img src=%1$s/headers-and-names/name onerror=window.pwned='name'>.html"
                Content-Disposition: attachment; filename="\\"><img src=%1$s/headers-and-names/name onerror=window.pwned='name'>.html"
                
                <script>window.pwned='attachment'</script>
                --b
                Content-Type: image/svg+xml; name="logo.svg"
                Content-Disposition: inline; filename="logo.svg"
                
                <svg xmlns="http://www.w3.org/2000/svg" onload="window.pwned='svg-file'"><script>window.pwned='svg-file'</script></svg>
                --b--
                """.formatted(canary, to)));
        samples.add(raw("encoded-html", """
                From: mallory@attacker.example
                To: %2$s
                Subject: Hostile sample: encoded HTML
                Message-ID: <encoded-html@attacker.example>
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary=b
                
                --b
                Content-Type: text/html; charset=utf-8
                Content-Transfer-Encoding: base64
                
                %3$s
                --b
                Content-Type: text/html; charset=utf-8
                Content-Transfer-Encoding: quoted-printable
                
                <scr=
                ipt>window.pwned=3D'quoted-printable'</scr=
                ipt><img src=3D"%1$s/encoded-html/qp.png" onerror=3D"window.pwned=3D'qp'">
                --b
                Content-Type: text/html; charset=utf-7
                
                +ADw-script+AD4-window.pwned='utf-7'+ADw-/script+AD4-
                --b--
                """.formatted(canary, to, Base64.getMimeEncoder().encodeToString(
                ("<html><body><script>window.pwned='base64'</script><img src=\"" + canary
                        + "/encoded-html/base64.png\" onerror=\"window.pwned='base64'\">Encoded HTML</body></html>")
                        .getBytes(StandardCharsets.UTF_8)))));
        samples.add(raw("abuse-report-fields", """
                From: abuse-reports@isp.example
                To: %2$s
                Subject: Hostile sample: abuse report fields
                Message-ID: <abuse-report-fields@isp.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary=b
                
                --b
                Content-Type: text/plain; charset=utf-8
                
                An abuse report whose machine-readable fields hold markup.
                --b
                Content-Type: message/feedback-report
                
                Feedback-Type: abuse
                User-Agent: <script>window.pwned='arf'</script>
                Version: 1
                Source-IP: 203.0.113.66
                Reported-Uri: javascript:window.pwned='arf-uri'
                Reported-Domain: "><img src=%1$s/abuse-report-fields/domain onerror=window.pwned='arf'>
                --b
                Content-Type: message/rfc822
                
                From: "<svg onload=window.pwned='evidence-from'>" <spam@attacker.example>
                To: victim@isp.example
                Subject: <img src=%1$s/abuse-report-fields/evidence-subject>
                Received: from <script>window.pwned='received'</script> ([203.0.113.66]) by mx.isp.example
                Content-Type: text/html
                
                <html><body><script>window.pwned='evidence'</script><img src="%1$s/abuse-report-fields/evidence.png"></body></html>
                --b--
                """.formatted(canary, to)));
        return samples;
    }

    /**
     * The shared corpus's messages (LF copies; the CRLF and CR copies hold the same messages) with an HTML or SVG
     * part holding anything active or remote, read in place; empty when the corpus is absent.
     */
    static List<Sample> fromCorpus(Path corpus) {
        if (!Files.isDirectory(corpus)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(corpus)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.toString().contains("/mac/") && !file.toString().contains("/dos/"))
                    .filter(file -> !file.getFileName().toString().matches(".*\\.(xml|out|md|json|yaml|mbox)$|SOURCE|LICENSE.*"))
                    .filter(file -> size(file) <= MAX_CORPUS_BYTES)
                    .sorted()
                    .filter(HostileReports::hasHostileHtml)
                    .map(file -> new Sample(corpus.relativize(file).toString(), read(file)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasHostileHtml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return hasHostileHtml(new MimeMessage(Session.getInstance(new Properties()), in));
        } catch (IOException | MessagingException | RuntimeException e) {
            // A message the mail API can not walk (an unknown transfer encoding, a broken boundary): look at its bytes.
            return ACTIVE_OR_REMOTE_HTML.matcher(new String(read(file), StandardCharsets.ISO_8859_1)).find();
        }
    }

    private static boolean hasHostileHtml(Part part) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                if (hasHostileHtml(multipart.getBodyPart(i))) {
                    return true;
                }
            }
            return false;
        }
        if (part.isMimeType("message/rfc822") && part.getContent() instanceof Part nested) {
            return hasHostileHtml(nested);
        }
        if (part.isMimeType("text/html") || part.isMimeType("image/svg+xml")) {
            try (InputStream in = part.getInputStream()) {
                return ACTIVE_OR_REMOTE_HTML.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).find();
            }
        }
        return false;
    }

    private static Sample html(String name, String to, String canary, String html) {
        return raw(name, """
                From: mallory@attacker.example
                To: %s
                Subject: Hostile sample: %s
                Message-ID: <%s@attacker.example>
                Date: Mon, 2 Mar 2026 08:00:00 +0000
                MIME-Version: 1.0
                Content-Type: text/html; charset=utf-8
                
                %s
                """.formatted(to, name, name, html.formatted(canary)));
    }

    private static Sample raw(String name, String message) {
        return new Sample(name, message.getBytes(StandardCharsets.UTF_8));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
