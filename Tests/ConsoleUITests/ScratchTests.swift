import Testing
@testable import ConsoleUI

@Test func printScreens() throws {
    let session = try TestConsole.session()
    session.filter("AndroidForWork")
    session.press(.down, .character("m"), .down)
    print(session.text)
    session.press(.up, .enter)
    print(session.text)
    session.press(.character("y"))
    print(session.text)
    session.press(.character("a"))
    print(session.text)
    session.press(.character("l"))
    print(session.text)
    session.press(.enter)
    print(session.text)
    session.press(.escape, .character("?"))
    print(session.text)
}
