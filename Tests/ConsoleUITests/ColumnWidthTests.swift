import ConsoleUI
import Testing

/// Hostile names (wide, combining, emoji) keep the list's columns where they belong.
@Suite("Column widths")
struct ColumnWidthTests {
    @Test("Column widths: wide characters take two columns, combining marks none", arguments: [
        ("abc", 3), ("王小明", 6), ("📱", 2), ("Zoe\u{301}", 3), ("é", 1), ("ｱ", 1), ("Ａ", 2), ("👩‍💻", 2), ("❤️", 2),
    ])
    func widths(text: String, columns: Int) {
        #expect(ColumnWidth.of(text) == columns)
    }

    @Test("Fitting by columns: a wide character that would straddle the edge becomes a space")
    func fitting() {
        #expect(ColumnWidth.fit("王小明的iPhone", 6) == "王小 …")
        #expect(ColumnWidth.fit("王小明", 7) == "王小明 ")
        #expect(ColumnWidth.of(ColumnWidth.fit("📱📱📱📱", 5)) == 5)
    }
}
