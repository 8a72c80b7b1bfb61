package jtrace.teach;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** examples/*.ipynb are made from the lessons and examples: a lesson edited without them fails here. */
class NotebooksUpToDateTest {
    @Test
    void everyNotebookIsWhatItsLessonMakes() throws Exception {
        Path examples = Runs.ROOT.resolve("examples");
        for (var e : Notebooks.SOURCES.entrySet()) {
            String made = Notebooks.make(e.getKey(), Files.readString(examples.resolve(e.getKey())));
            assertThat(Files.readString(examples.resolve(e.getValue())))
                    .as("examples/%s is stale: run `java test/jtrace/teach/Notebooks.java` from the repository root", e.getValue())
                    .isEqualTo(made);
        }
    }

    @Test
    void aLessonBecomesProseCellsCodeCellsAndOneSetupCell() {
        String lesson = "# Title\n\nWords.\n\n```java\n//DEPS ../jtrace.java\nvar x = 1;\n//nb x\n```\n\n```text\n1\n```\nMore words.\n";
        var cells = Notebooks.fromLesson(lesson);
        assertThat(cells).extracting(c -> (c.code() ? "code: " : "md: ") + c.source()).containsExactly(
                "md: # Title\n\nWords.", "md: " + Notebooks.HOW_TO_RUN, "code: " + Notebooks.SETUP_LINE,
                "code: var x = 1;\nx", "md: ```text\n1\n```\nMore words.");
    }

    @Test
    void aScriptBecomesItsOpeningCommentThenACellPerParagraph() {
        String script = "///usr/bin/env jbang \"$0\" \"$@\" ; exit $?\n//DEPS ../jtrace.java\n//\n// Intro.\n//   sudo cmd\n"
                + "import x;\n\n// 1. First\n//    more.\nfoo();\n//nb foo\n";
        var cells = Notebooks.fromScript("s.jsh", script);
        assertThat(cells).extracting(c -> (c.code() ? "code: " : "md: ") + c.source()).containsExactly(
                "md: # examples/s.jsh\n\n\nIntro.\n\n    sudo cmd", "md: " + Notebooks.HOW_TO_RUN, "code: " + Notebooks.SETUP_LINE,
                "code: import x;", "md: 1\\. First\nmore.", "code: foo();\nfoo");
    }
}
