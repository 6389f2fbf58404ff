/// What `mdmconsole --version`, `serve`'s first log line and its `Server` header say.
public enum ProgramVersion {
    /// The release: bumped with each one (a Debian package is named after it).
    public static let number = "0.17.0"

    /// The store schema this build writes (the last migration of `Schema`); a store of a
    /// newer schema is refused by older builds.
    public static let schema = 17

    /// How this binary was built.
    public static var build: String {
        #if DEBUG
        "debug build"
        #else
        "release build"
        #endif
    }

    /// One line: `mdmconsole 0.17.0 (store schema 17, release build)`.
    public static var line: String { "mdmconsole \(number) (store schema \(schema), \(build))" }
}
