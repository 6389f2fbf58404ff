import Foundation
import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import Synchronization

/// What one client may hold of the server: a request must arrive whole within
/// `requestReadTime` (a client sending its headers a byte at a time is cut off), an idle
/// keep-alive connection is closed after `idleTimeout`, and one address holds at most
/// `perAddress` connections at once. A front proxy adds its own (docs/graph-endpoint.md).
public final class ConnectionLimits: Sendable {
    public let requestReadTime: TimeAmount
    public let idleTimeout: TimeAmount
    public let perAddress: Int

    /// 30 s to send a request, 60 s idle, 128 connections an address (above the 64
    /// keep-alive clients the benchmark runs from one address).
    public init(requestReadTime: TimeAmount = .seconds(30), idleTimeout: TimeAmount = .seconds(60), perAddress: Int = 128) {
        self.requestReadTime = requestReadTime
        self.idleTimeout = idleTimeout
        self.perAddress = perAddress
    }

    private let open = Mutex<[String: Int]>([:])

    /// Counts a new connection from `address`; false when it is one too many.
    func admit(_ address: String) -> Bool {
        open.withLock { open in
            let count = open[address, default: 0]
            guard count < perAddress else { return false }
            open[address] = count + 1
            return true
        }
    }

    func release(_ address: String) {
        open.withLock { open in
            let count = open[address, default: 1] - 1
            open[address] = count > 0 ? count : nil
        }
    }
}

/// Closes a connection whose request has not arrived whole in time. The clock runs from the
/// connection's start, and again from each answer's end, until the request's last part.
final class RequestReadDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var timer: Scheduled<Void>?
    let limit: TimeAmount

    init(_ limit: TimeAmount) { self.limit = limit }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { stop() }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { start(context) }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { stop() }

    private func start(_ context: ChannelHandlerContext) {
        stop()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
    }

    private func stop() {
        timer?.cancel()
        timer = nil
    }
}

/// Refuses (closes at once) a connection over the per-address limit.
final class ConnectionsPerAddress: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let limits: ConnectionLimits
    private var counted: String?

    init(_ limits: ConnectionLimits) { self.limits = limits }

    func handlerAdded(context: ChannelHandlerContext) {
        guard counted == nil else { return }
        let address = context.channel.remoteAddress?.ipAddress ?? ""
        if limits.admit(address) {
            counted = address
        } else {
            context.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard counted != nil else { return }  // over the limit: nothing it sends is read
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if let counted { limits.release(counted) }
        counted = nil
    }
}
