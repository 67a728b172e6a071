import Foundation
import SGLabCore
import SGLabCourseware
import SGLabTerminal
import Testing

/// Line ends as Windows editors and learning-management systems write them, hostile bytes, and
/// what a script run reports (issue: scripts never pass by checking nothing).
@Suite("Line structure and script runs")
struct LineStructureTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func run(_ text: String, style: Style = .plain) -> (status: Int32, text: String) {
        var runner = ScriptRunner()
        runner.style = style
        var sink = BufferSink()
        let status = runner.run(text, file: "lab.sglab", into: &sink)
        return (status, sink.text)
    }

    /// The same text with other line ends, and with a byte order mark.
    static func variants(_ text: String) -> [(String, String)] {
        let lf = text.replacingOccurrences(of: "\r\n", with: "\n")
        return [
            ("CRLF", lf.replacingOccurrences(of: "\n", with: "\r\n")),
            ("CR", lf.replacingOccurrences(of: "\n", with: "\r")),
            ("BOM+LF", "\u{FEFF}" + lf),
            ("BOM+CRLF", "\u{FEFF}" + lf.replacingOccurrences(of: "\n", with: "\r\n")),
        ]
    }

    static let failing = """
        # a lab saved on Windows
        vpc create lab 10.0.0.0/16
        subnet create pub in lab 10.0.1.0/24
        sg create web in lab
        launch ec2 web in pub sg web public-ip
        expect allowed tcp from internet to web:22

        """

    @Test("a CRLF script whose first line is a comment runs, and its failing expectation fails it (exit 1)")
    func crlfScriptRuns() {
        for (name, text) in Self.variants(Self.failing) {
            let r = run(text)
            #expect(r.status == 1, "\(name): \(r.text)")
            #expect(r.text.contains("lab.sglab:6: expectation failed"), "\(name): \(r.text)")
            #expect(r.text.hasSuffix("0 passed, 1 failed\n"), "\(name): \(r.text)")
        }
    }

    @Test("a script whose bytes hold no command is an error, never a pass")
    func nothingRan() {
        for text in ["# only a comment\n", "\n\n\n", "   \t\n# x\r\n", "\u{FEFF}"] {
            let r = run(text)
            #expect(r.status == 2, "\(r.text)")
            #expect(r.text.contains("lab.sglab: error: nothing ran"), "\(r.text)")
            #expect(!r.text.contains("passed"))
        }
        // An empty file is not an error: there is nothing in it to misread.
        #expect(run("").status == 0)
    }

    @Test("the summary comes after the error, and not at all when no expectation ran")
    func summaryLast() {
        let none = run("vpc create lab 10.0.0.0/16\nsg allow nothing in tcp 22 from 0.0.0.0/0\n")
        #expect(none.status == 2)
        #expect(!none.text.contains("passed"), "\(none.text)")
        let some = run(Self.failing.replacingOccurrences(of: "web:22\n", with: "web:22\nbogus\n"))
        #expect(some.status == 2)
        let lines = some.text.split(separator: "\n")
        #expect(lines.last == "0 passed, 1 failed", "\(some.text)")
        #expect(lines.dropLast().last?.contains("lab.sglab:7: error: unknown command bogus") == true, "\(some.text)")
        #expect(!run("vpc create lab 10.0.0.0/16\n").text.contains("passed"))
    }

    @Test("control characters from a line are shown, never sent to the terminal")
    func hostileLine() {
        let hostile = "foo\u{1B}[2J\u{1B}]0;title\u{07}\r\u{9B}31m bar\n"
        for style in [Style.plain, Style(colour: true)] {
            let r = run(hostile, style: style)
            #expect(r.status == 2)
            #expect(r.text.contains(#"unknown command foo\x1b[2J\x1b]0;title\x07"#), "\(r.text)")
            #expect(!r.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(r.text)")
            #expect(!r.text.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
        }
        // Names and descriptions from input reach views only visibly.
        let r = run("say \"a\u{1B}[2Jb\"\n")
        #expect(r.text.contains(#"a\x1b[2Jb"#), "\(r.text)")
    }

    @Test("only sglab's own colour sequences reach a colour terminal")
    func ownStylingKept() {
        let style = Style(colour: true)
        let text = style.bold("title") + " \u{1B}[31mred\u{1B}[0m"
        #expect(style.visible(text) == "\u{1B}[1mtitle\u{1B}[0m \\x1b[31mred\u{1B}[0m")
        #expect(Style.plain.visible(style.bold("x")) == #"\x1b[1mx\x1b[0m"#)
        #expect(VisibleText.escape("tab\tand\nline") == "tab\tand\nline")
    }

    @Test("a line longer than the limit ends the run with a short error")
    func longLine() {
        let r = run(String(repeating: "a", count: ScriptRunner.lineLimit + 10) + "\nvpc create lab 10.0.0.0/16\n")
        #expect(r.status == 2)
        #expect(r.text.contains("lab.sglab:1: error: the line is longer than 65536 bytes"))
        #expect(r.text.utf8.count < 300, "\(r.text.prefix(400))")
    }

    @Test("an error echoes at most a short prefix of a long word")
    func longToken() {
        let r = run(String(repeating: "x", count: 10_000) + " in lab\n")
        #expect(r.status == 2)
        #expect(r.text.utf8.count < 400, "\(r.text.prefix(500))")
        #expect(r.text.contains("xxxxxxxx…"))
    }

    @Test("lines split at LF, CRLF and lone CR; a leading byte order mark is dropped")
    func textLines() {
        #expect(TextLines.split("a\r\nb\rc\nd") == ["a", "b", "c", "d"])
        #expect(TextLines.split("\u{FEFF}a\n\nb\n") == ["a", "", "b"])
        #expect(TextLines.split("\r\n\r\n") == ["", ""])
        #expect(TextLines.split("") == [])
    }

    @Test("the streaming splitter reads the same lines whatever the chunks")
    func splitterChunks() {
        let text = Array("\u{FEFF}one\r\ntwo\rthree\n\r\nfour".utf8)
        var expected: [LineSplitter.Piece] = []
        for line in TextLines.split(String(decoding: text, as: UTF8.self)) { expected.append(.line(line)) }
        for size in 1...text.count {
            var splitter = LineSplitter(limit: 100)
            var pieces: [LineSplitter.Piece] = []
            var start = 0
            while start < text.count {
                pieces += splitter.feed(text[start..<min(text.count, start + size)])
                start += size
            }
            pieces += splitter.finish()
            #expect(pieces == expected, "chunks of \(size)")
        }
        var splitter = LineSplitter(limit: 4)
        #expect(splitter.feed(Array("abcdefgh".utf8)) == [.tooLong(prefix: "abcd")])
        #expect(splitter.feed(Array("ij\nok\n".utf8)) == [.line("ok")])
    }

    // MARK: Every shipped script, lesson and bank

    static func shippedScripts() -> [URL] {
        var out: [URL] = []
        for folder in ["Tests/SGLabLanguageTests/Scripts", "Tests/SGLabLanguageTests/Scripts/Errors", "Tests/SGLabTerminalTests/Transcripts"] {
            let url = repository.appendingPathComponent(folder)
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
            where name.hasSuffix(".sglab") {
                out.append(url.appendingPathComponent(name))
            }
        }
        return out
    }

    @Test("CRLF, CR and BOM variants of every shipped script give the LF original's results")
    func scriptVariants() throws {
        let scripts = Self.shippedScripts()
        #expect(scripts.count >= 30)
        for url in scripts {
            let original = try String(contentsOf: url, encoding: .utf8)
            let expected = run(original)
            for (name, text) in Self.variants(original) {
                let r = run(text)
                #expect(r.status == expected.status && r.text == expected.text, "\(url.lastPathComponent) as \(name)")
            }
        }
    }

    @Test("CRLF, CR and BOM variants of every shipped lesson and bank read as the LF originals")
    func contentVariants() throws {
        var files = 0
        for folder in ["lessons", "quizzes"] {
            for path in try ContentLibrary.markdownFiles(Self.repository.appendingPathComponent(folder).path) {
                let original = try String(contentsOfFile: path, encoding: .utf8)
                files += 1
                let lesson = ContentLibrary.isLesson(original)
                for (name, text) in Self.variants(original) {
                    #expect(ContentLibrary.isLesson(text) == lesson, "\(path) as \(name)")
                    if lesson {
                        #expect(try ContentParser.lesson(text, file: "x") == ContentParser.lesson(original, file: "x"), "\(path) as \(name)")
                    } else {
                        #expect(try ContentParser.bank(text, file: "x") == ContentParser.bank(original, file: "x"), "\(path) as \(name)")
                    }
                }
            }
        }
        #expect(files >= 20)
    }
}
