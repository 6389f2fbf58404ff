import Foundation
import GraphServer
import NIOCore
import Testing
@testable import MDMCore

/// `serve` against clients that hold on: raw sockets on loopback sending half a request, too
/// many connections, or a big body without a token.
@Suite("serve against clients that hold on", .serialized)
struct ServeConnectionTests {
    /// A plain TCP connection to 127.0.0.1:`port` (blocking, with a receive timeout).
    final class RawConnection {
        let socket: Int32

        init(port: Int) throws {
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw CancellationError() }
        }

        func send(_ text: String) { _ = text.withCString { Glibc.send(socket, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }

        /// What arrives until the server closes, a timeout, or `bytes` bytes; nil when closed with nothing.
        func receive(upTo bytes: Int = 65_536) -> String? {
            var data = [UInt8](repeating: 0, count: bytes)
            let count = recv(socket, &data, bytes, 0)
            return count > 0 ? String(decoding: data[0..<count], as: UTF8.self) : nil
        }

        deinit { close(socket) }
    }

    @Test("Headers sent a byte at a time are cut off at the read deadline, and keep nothing open")
    func slowHeaders() async throws {
        let service = try await LocalService(devices: 40, connectionLimits: ConnectionLimits(requestReadTime: .seconds(1)))
        let slow = try RawConnection(port: service.port)
        slow.send("GET /v1.0/deviceManagement/managedDevices HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        let started = Date()
        var closed = false
        for _ in 0..<20 where !closed {
            slow.send("X")  // one more byte of a header, never the end of the headers
            try await Task.sleep(for: .milliseconds(250))
            var probe = pollfd(fd: slow.socket, events: Int16(POLLIN), revents: 0)
            if poll(&probe, 1, 0) > 0 { closed = slow.receive() == nil }
        }
        #expect(closed, "the server closed the half-sent request")
        #expect(Date().timeIntervalSince(started) < 4)
        await service.stop()
    }

    @Test("One address holds at most the per-address connections; the next is closed at once, the others still served")
    func connectionsPerAddress() async throws {
        let service = try await LocalService(devices: 40, connectionLimits: ConnectionLimits(perAddress: 4))
        let (_, secret) = try ApiTokens(store: service.served).issue(to: "admin@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")
        let held = try (0..<4).map { _ in try RawConnection(port: service.port) }
        try await Task.sleep(for: .milliseconds(200))
        let extra = try RawConnection(port: service.port)
        extra.send("GET /v1.0/deviceManagement/managedDevices?$top=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(secret)\r\n\r\n")
        #expect(extra.receive() == nil, "the fifth connection was closed without an answer")
        held[0].send("GET /v1.0/deviceManagement/managedDevices?$top=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(secret)\r\n\r\n")
        #expect(held[0].receive()?.hasPrefix("HTTP/1.1 200") == true)
        await service.stop()
    }

    @Test("A big body without a valid token is refused on its headers: 401 before a byte of it is sent")
    func authenticatedBeforeTheBody() async throws {
        let service = try await LocalService(devices: 40)
        let connection = try RawConnection(port: service.port)
        connection.send("POST /v1.0/$batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1200000\r\nAuthorization: Bearer mdm_nope\r\n\r\n")
        let answer = connection.receive()
        #expect(answer?.hasPrefix("HTTP/1.1 401") == true, "\(answer ?? "(nothing)")")
        #expect(answer?.contains("InvalidAuthenticationToken") == true)
        await service.stop()
    }
}
