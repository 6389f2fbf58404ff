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

}
