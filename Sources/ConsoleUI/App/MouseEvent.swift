/// A click, a double click or a turn of the wheel, at a cell of the screen.
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case click, doubleClick, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
