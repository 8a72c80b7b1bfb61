package jtrace.notebook;

import java.util.List;
import java.util.function.Function;
import jtrace.ProbeResult;
import jtrace.Trace;
import jtrace.watch.WatchReport;
import jtrace.packet.Decoded;
import jtrace.packet.Hexdump;
import jtrace.render.Html;
import jtrace.render.Svg;
import jtrace.render.TraceDiff;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

/**
 * jtrace's values in rapaio's Jupyter kernel: a cell that ends in a trace, a decoded packet, a hex dump, a watch
 * or a probe shows its HTML table, a picture shows as SVG; each also carries its text for front ends without
 * HTML. Compiled against the kernel's jar by {@code jtrace notebook setup} and put only on the notebook's class
 * path (the kernel finds it through {@code META-INF/services}); the library itself knows no kernel.
 */
public final class RapaioDisplays implements DisplayProvider {

    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        return List.of(html(Trace.class, Html::of), html(Decoded.class, Html::of), html(Hexdump.class, Html::of),
                html(WatchReport.class, Html::of), html(ProbeResult.class, Html::of), html(TraceDiff.class, Html::preformatted),
                svg(), multipath(), quiet());
    }

    @Override
    public List<DisplayTransformer> getDisplayTransformers() { return List.of(); }

    /** Values of {@code type}: their HTML, and their text as text/plain. */
    private static <T> DisplayRenderer html(Class<T> type, Function<T, String> html) {
        return new DisplayRenderer() {
            @Override
            public Class<?> rendererClass() { return type; }

            @Override
            public boolean canRender(String mime) { return true; }  // both types go out; the front end picks

            @Override
            public DisplayData render(String mime, Object value) {
                DisplayData data = DisplayData.fromHtml(html.apply(type.cast(value)));
                data.putText(value.toString());
                return data;
            }
        };
    }

    /** Pictures: the SVG, both inline in HTML and as an SVG image; every Jupyter front end draws one of them. */
    private static DisplayRenderer svg() {
        return new DisplayRenderer() {
            @Override
            public Class<?> rendererClass() { return Svg.class; }

            @Override
            public boolean canRender(String mime) { return true; }

            @Override
            public DisplayData render(String mime, Object value) {
                String svg = ((Svg) value).markup();
                DisplayData data = DisplayData.fromHtml(svg);  // inline: what nbconvert's HTML pages show unfiltered
                data.putData("image/svg+xml", svg);            // as an image: what a front end shows in an untrusted notebook
                data.putText("an SVG picture: .save(\"route.svg\") writes it to a file");
                return data;
            }
        };
    }

    /** A multipath discovery: its picture (hops with several interfaces and their links), and its text. */
    private static DisplayRenderer multipath() {
        return new DisplayRenderer() {
            @Override
            public Class<?> rendererClass() { return jtrace.Multipath.class; }

            @Override
            public boolean canRender(String mime) { return true; }

            @Override
            public DisplayData render(String mime, Object value) {
                jtrace.Multipath m = (jtrace.Multipath) value;
                DisplayData data = DisplayData.fromHtml(m.svg().markup() + Html.preformatted(m));
                data.putText(m.toString());
                return data;
            }
        };
    }

    /**
     * {@code System.out.printf(...)} returns the stream, which a cell would show as "java.io.PrintStream@1b2c3d": the
     * examples end cells that way (as scripts do), so a stream shows as nothing.
     */
    private static DisplayRenderer quiet() {
        return new DisplayRenderer() {
            @Override
            public Class<?> rendererClass() { return java.io.PrintStream.class; }

            @Override
            public boolean canRender(String mime) { return true; }

            @Override
            public DisplayData render(String mime, Object value) { return new DisplayData() {}; }
        };
    }
}
