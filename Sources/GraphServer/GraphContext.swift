import Hummingbird
import Logging
import MDMCore
import NIOCore

/// What a request carries besides itself: the peer's address, and once authenticated, the
/// operator and the token's name.
struct GraphContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peer: String
    var operatorUPN: String?
    var tokenName: String?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? ""
    }

    /// A Graph request body is small: 64 KiB at most (a wipe's options), refused beyond.
    var maxUploadSize: Int { 64 * 1024 }
}
