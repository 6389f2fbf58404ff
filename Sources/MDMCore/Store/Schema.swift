import GRDB

/// The store's schema as a list of migrations. A shipped migration is never edited: a change
/// is a new migration appended here.
enum Schema {
    static var migrator: DatabaseMigrator { migrator(observer: nil) }

    /// `observer` is told when each migration starts and ends, on its connection (the upgrade's progress).
    static func migrator(observer: StoreUpgrade.Observer?) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        func register(_ identifier: String, _ body: @escaping @Sendable (Database) throws -> Void) {
            migrator.registerMigration(identifier) { db in
                guard let observer else { return try body(db) }
                observer.begin(identifier, db)
                defer { observer.end(identifier, db) }
                try body(db)
            }
        }
        register("v1: devices, actions, audit, operators, meta") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "operator") { t in
                t.primaryKey("upn", .text).collate(.nocase)
                t.column("role", .text).notNull()
            }
            try db.create(table: "device") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("platform", .text).notNull()
                t.column("osVersion", .text).notNull()
                t.column("managementType", .text).notNull()
                t.column("ownership", .text).notNull()
                t.column("complianceState", .text).notNull()
                t.column("managementState", .text).notNull()
                t.column("primaryUserUPN", .text).notNull()
                t.column("primaryUserDisplayName", .text).notNull()
                t.column("primaryUserEmail", .text).notNull()
                t.column("serialNumber", .text).notNull()
                t.column("model", .text).notNull()
                t.column("manufacturer", .text).notNull()
                t.column("imei", .text).notNull()
                t.column("securityPatchLevel", .text).notNull()
                t.column("enrolledAt", .datetime).notNull()
                t.column("lastCheckInAt", .datetime).notNull()
                t.column("certificateExpiresAt", .datetime).notNull()
                t.column("isSupervised", .boolean).notNull()
                t.column("isEncrypted", .boolean).notNull()
                t.column("isJailbroken", .boolean).notNull()
                t.column("isOnline", .boolean).notNull()
                t.column("activationLockBypassCode", .text)
                t.column("activationLockBypassCodeIssuedAt", .datetime)
                t.column("activationLockAllowedByPolicy", .boolean).notNull()
                t.column("passcodeRequiredByCompliance", .boolean).notNull()
                t.column("workProfilePasscodeRequiredByPolicy", .boolean).notNull()
                t.column("workProfilePasscodeSet", .boolean).notNull()
                t.column("passcodeResetPromptAccepted", .boolean).notNull()
                t.column("apps", .jsonText).notNull()
            }
            try db.create(index: "device_name", on: "device", columns: ["name"])
            try db.create(index: "device_lastCheckIn", on: "device", columns: ["lastCheckInAt"])
            try db.create(index: "device_user", on: "device", columns: ["primaryUserUPN"])
            try db.create(index: "device_serial", on: "device", columns: ["serialNumber"])
            try db.create(index: "device_certificate", on: "device", columns: ["certificateExpiresAt"])

            try db.create(table: "action") { t in
                t.primaryKey("id", .text)
                t.column("action", .text).notNull()
                t.column("deviceId", .text).notNull()
                t.column("deviceName", .text).notNull()
                t.column("platform", .text).notNull()
                t.column("state", .text).notNull()
                t.column("issuedAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("initiatedBy", .text).notNull()
                t.column("source", .text).notNull()
                t.column("detail", .text).notNull()
                t.column("temporaryPasscode", .text)
                t.column("temporaryPasscodeExpiresAt", .datetime)
            }
            try db.create(index: "action_device", on: "action", columns: ["deviceId", "issuedAt"])
            try db.create(index: "action_state", on: "action", columns: ["state", "issuedAt"])

            try db.create(table: "auditEntry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("time", .datetime).notNull()
                t.column("activity", .text).notNull()
                t.column("result", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("actorType", .text).notNull()
                t.column("deviceId", .text)
                t.column("deviceName", .text)
                t.column("actionId", .text)
                t.column("changedProperties", .jsonText).notNull()
            }
            try db.create(index: "audit_time", on: "auditEntry", columns: ["time"])
            try db.create(index: "audit_device", on: "auditEntry", columns: ["deviceId"])
            try db.create(index: "audit_action", on: "auditEntry", columns: ["actionId"])
            // R18: the log is append-only; the store itself refuses edits and deletions.
            try db.execute(sql: """
                CREATE TRIGGER auditEntry_no_update BEFORE UPDATE ON auditEntry
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER auditEntry_no_delete BEFORE DELETE ON auditEntry
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        register("v2: audit hash chain") { db in
            try db.alter(table: "auditEntry") { t in
                t.add(column: "previousHash", .text).notNull().defaults(to: "")
                t.add(column: "hash", .text).notNull().defaults(to: "")
            }
            // Entries written before the chain existed get their hashes now, in order.
            try db.execute(sql: "DROP TRIGGER auditEntry_no_update")
            try AuditLog.backfillHashes(db)
            try db.execute(sql: """
                CREATE TRIGGER auditEntry_no_update BEFORE UPDATE ON auditEntry
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                """)
        }
        register("v3: device inventory kept from imports") { db in
            try db.alter(table: "device") { t in
                t.add(column: "inventory", .jsonText).notNull().defaults(to: "{}")
            }
        }
        register("v4: indexes for every sort, trigram search, device tally") { db in
            try ScaleSchema.create(db)
        }
        register("v5: identity: logins and SSH keys of operators, where each audit entry came from") { db in
            try db.alter(table: "operator") { t in t.add(column: "login", .text) }
            try db.execute(sql: "CREATE UNIQUE INDEX operator_login ON operator(login) WHERE login IS NOT NULL")
            try db.create(table: "operatorKey") { t in
                t.primaryKey("fingerprint", .text)
                t.column("upn", .text).notNull().collate(.nocase)
                t.column("publicKey", .text).notNull()
                t.column("comment", .text).notNull()
                t.column("addedAt", .datetime).notNull()
            }
            // JSON of `AuditOrigin`, hashed with the entry when present; older entries have
            // none and hash exactly as they did.
            try db.alter(table: "auditEntry") { t in t.add(column: "origin", .text) }
        }
        register("v6: bearer tokens of the Graph endpoint (only their hashes)") { db in
            try db.create(table: "apiToken") { t in
                t.primaryKey("id", .text)
                t.column("hash", .text).notNull().unique()
                t.column("upn", .text).notNull().collate(.nocase)
                t.column("name", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
            }
        }
        register("v7: sign-in grants of the endpoint; a connected tenant's links to its service") { db in
            // serve: a token's Graph permissions (NULL: all, as `tokens issue` gives) and app.
            try db.alter(table: "apiToken") { t in
                t.add(column: "scopes", .text)
                t.add(column: "clientId", .text)
            }
            // serve: OAuth device authorization grants waiting for `tokens approve` (hashes only).
            try db.create(table: "deviceCodeGrant") { t in
                t.primaryKey("deviceCodeHash", .text)
                t.column("userCode", .text).notNull().unique()
                t.column("clientId", .text).notNull()
                t.column("scopes", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("interval", .integer).notNull()
                t.column("lastPolledAt", .datetime)
                t.column("approvedBy", .text)
                t.column("declined", .boolean).notNull().defaults(to: false)
                t.column("redeemed", .boolean).notNull().defaults(to: false)
            }
            // serve: refresh tokens, each used once (rotation).
            try db.create(table: "refreshGrant") { t in
                t.primaryKey("hash", .text)
                t.column("upn", .text).notNull().collate(.nocase)
                t.column("clientId", .text).notNull()
                t.column("scopes", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("usedAt", .datetime)
            }
            // A connected tenant: which service audit events are already in the log, and which
            // local action record a service action result is.
            try db.create(table: "serviceAuditEvent") { t in
                t.primaryKey("id", .text)
                t.column("auditEntryId", .integer).notNull()
            }
            try db.create(table: "serviceActionLink") { t in
                t.primaryKey("serviceKey", .text)
                t.column("actionId", .text).notNull()
            }
        }
        register("v8: bulk runs and their per-device results") { db in
            try db.create(table: "bulkRun") { t in
                t.primaryKey("id", .text)
                t.column("action", .text).notNull()
                t.column("operator", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("total", .integer).notNull()
                t.column("takeableAtPreview", .integer).notNull()
                t.column("state", .text).notNull()
            }
            try db.create(table: "bulkResult") { t in
                t.column("bulkId", .text).notNull().references("bulkRun")
                t.column("sequence", .integer).notNull()
                t.column("deviceId", .text).notNull()
                t.column("deviceName", .text).notNull()
                t.column("result", .text).notNull()
                t.column("rule", .text)
                t.column("reason", .text).notNull()
                t.column("actionId", .text)
                t.primaryKey(["bulkId", "sequence"])
            }
        }
        register("v9: the audit log's filters served by trigram indexes, entries appended out of time order") { db in
            try AuditSearchSchema.create(db)
        }
        register("v10: the searched columns' joined text indexed, for counts of short device filters") { db in
            try SearchTextSchema.create(db)
        }
        register("v11: minted tokens name their secret; sign-ins say where they came from; refresh token families") { db in
            // serve: revoking (or the expiry of) the secret ends every token minted from it.
            try db.alter(table: "apiToken") { t in t.add(column: "issuedBy", .text) }
            try db.create(index: "apiToken_issuedBy", on: "apiToken", columns: ["issuedBy"])
            // serve: `tokens approve` shows the address that asked for the code.
            try db.alter(table: "deviceCodeGrant") { t in t.add(column: "requestedFrom", .text) }
            // serve: a refresh token replayed after its rotation revokes its whole family (RFC 6819 5.2.2.3).
            try db.alter(table: "refreshGrant") { t in t.add(column: "family", .text) }
            try db.alter(table: "apiToken") { t in t.add(column: "family", .text) }
        }
        register("v12: the everyday remote tasks: lost mode, location, diagnostics; each action's inputs; daily limits; presence not known") { db in
            // R30, R32, R35: what the device carries after Lost Mode, Locate and Collect diagnostics.
            try db.alter(table: "device") { t in
                t.add(column: "lostMode", .text)
                t.add(column: "location", .text)
                t.add(column: "diagnostics", .text).notNull().defaults(to: "[]")
                // A connected tenant's devices: Microsoft Graph does not say whether they are reachable.
                t.add(column: "presenceKnown", .boolean).notNull().defaults(to: true)
            }
            // What the action was sent with (a rename's name, a notification's text; never a secret),
            // delivered at the device's check-in.
            try db.alter(table: "action") { t in t.add(column: "input", .text).notNull().defaults(to: "{}") }
            // R26: the tenant's daily limits count the day's wipes, retires and deletes.
            try db.create(index: "action_daily", on: "action", columns: ["action", "issuedAt"])
        }
        register("v13: a connected tenant's operators each sign in to the service as themselves; one sync per store; one request budget") { db in
            // Who has a sign-in of their own and what it may do (the tokens stay in files, never here).
            try db.create(table: "serviceSignIn") { t in
                t.column("operator", .text).primaryKey(onConflict: .replace).collate(.nocase)
                t.column("account", .text).notNull()
                t.column("grant", .text).notNull()
                t.column("signedInAt", .datetime).notNull()
            }
            // One sync for every console of a store: who holds the right to sync, until when.
            try db.create(table: "syncLease") { t in
                t.column("id", .integer).primaryKey()
                t.column("holder", .text).notNull()
                t.column("expiresAt", .datetime).notNull()
            }
            // One Graph request budget for every process of the store: the service's last 429
            // and the requests of the current 20 s window.
            try db.create(table: "graphBudget") { t in
                t.column("id", .integer).primaryKey()
                t.column("throttledUntil", .datetime)
                t.column("windowStart", .datetime).notNull()
                t.column("reads", .integer).notNull()
                t.column("writes", .integer).notNull()
            }
        }
        register("v14: the Graph budget's windows slide, as the service's do") { db in
            // Each request admitted, with its time: one is admitted when fewer than the limit went
            // in the last 20 s (fixed windows let twice the limit through across an edge).
            try db.create(table: "graphRequestLog") { t in
                t.column("kind", .text).notNull()
                t.column("sentAt", .datetime).notNull()
            }
            try db.create(index: "graphRequestLog_byKind", on: "graphRequestLog", columns: ["kind", "sentAt"])
            try db.alter(table: "graphBudget") { t in
                t.drop(column: "windowStart")
                t.drop(column: "reads")
                t.drop(column: "writes")
            }
        }
        register("v15: roles are sets of permissions; a tenant's own roles") { db in
            // The custom roles (`roles define`); the built-in ones are the program's. An operator's
            // `role` is a built-in's name or a custom role's id (the former "administrator" is
            // rewritten, with an audit entry, by `RoleUpgrade` once the migrations are done).
            try db.create(table: "roleDefinition") { t in
                t.primaryKey("id", .text)
                t.column("displayName", .text).notNull().unique().collate(.nocase)
                t.column("description", .text).notNull()
                t.column("permissions", .text).notNull()
            }
        }
        register("v16: scope tags: on devices, on operators' assignments, and the tenant's own") { db in
            // A device's tags as a JSON array (ScopeTagColumn); Default ("0") unless told otherwise.
            try db.alter(table: "device") { t in
                t.add(column: "roleScopeTagIds", .text).notNull().defaults(to: "[\"0\"]")
            }
            // NULL: the assignment sees every device (as every operator did before scope tags).
            try db.alter(table: "operator") { t in
                t.add(column: "scopeTagIds", .text)
            }
            // The tenant's scope tags but Default, which is the program's.
            try db.create(table: "roleScopeTag") { t in
                t.primaryKey("id", .text)
                t.column("displayName", .text).notNull().unique().collate(.nocase)
                t.column("description", .text).notNull()
            }
        }
        register("v17: Multi Admin Approval: access policies and approval requests") { db in
            // The protected actions and the approvers as JSON arrays (AccessPolicyRow).
            try db.create(table: "accessPolicy") { t in
                t.primaryKey("id", .text)
                t.column("displayName", .text).notNull().unique().collate(.nocase)
                t.column("description", .text).notNull()
                t.column("protectedActions", .text).notNull()
                t.column("approvers", .text).notNull()
                t.column("lastModifiedAt", .datetime).notNull()
            }
            // `subject`: what it asks for, as JSON (ApprovalSubject); `deviceIds` repeats its
            // devices as a JSON array so "one open request per device and action" is one query.
            try db.create(table: "approvalRequest") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("deviceIds", .text).notNull()
                t.column("requestor", .text).notNull()
                t.column("justification", .text).notNull()
                t.column("status", .text).notNull()
                t.column("requestedAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("lastModifiedAt", .datetime).notNull()
                t.column("approver", .text)
                t.column("approverNote", .text)
                t.column("bulkRunId", .text)
            }
            try db.create(index: "approvalRequest_byStatus", on: "approvalRequest", columns: ["status", "requestedAt"])
        }
        return migrator
    }
}
