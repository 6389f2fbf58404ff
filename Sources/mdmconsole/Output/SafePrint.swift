import MDMCore

/// Every line this executable prints goes through here (it shadows `Swift.print` in this
/// module): a device name, operator or audit detail that holds ESC, C1 or bidi controls,
/// from a store made before the doors checked them, comes out as a visible `\u001b`
/// instead of retitling or clearing the reader's terminal.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    safePrint(items.map { "\($0)" }.joined(separator: separator) + terminator)
}

/// The same, by a name that types with their own `print` (JSONOutput) can reach.
func safePrint(_ text: String) {
    Swift.print(TerminalText.visibleKeepingLayout(text), terminator: "")
}
