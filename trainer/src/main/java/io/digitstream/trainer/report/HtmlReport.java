package io.digitstream.trainer.report;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders {@code report.html} from the Markdown report: one self-contained page (inline style, no scripts, nothing
 * fetched) whose images are the PNG files next to it.
 */
final class HtmlReport {

    static final String FILE = "report.html";

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; max-width: 1320px; margin: 2em auto; padding: 0 1em;
                   color: #222; line-height: 1.45; }
            table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; }
            th { background: #f3f3f3; }
            tr:nth-child(even) td { background: #fafafa; }
            img { max-width: 100%; display: block; margin: 0.5em 0 1.5em; border: 1px solid #eee; }
            code { background: #f3f3f3; padding: 0 0.2em; }
            """;

    private HtmlReport() {
    }

    static String render(String title, String markdown) {
        Parser parser = Parser.builder().extensions(EXTENSIONS).build();
        // Escaping raw HTML keeps text that came from the run (ids, machine names) from turning into markup.
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).build();
        String body = renderer.render(parser.parse(markdown));
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n" + body
                + "</body>\n</html>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
