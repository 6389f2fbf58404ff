/// The rule ids of docs/RULES.md, so every verdict can be traced back to its section there.
/// `role` is the "Roles" table and `permission` the "Sign-in permissions" section, which have no number.
public enum RuleID: String, Codable, Sendable, CaseIterable {
    case r1 = "R1", r2 = "R2", r3 = "R3", r4 = "R4", r5 = "R5", r6 = "R6", r7 = "R7", r8 = "R8",
         r9 = "R9", r10 = "R10", r11 = "R11", r12 = "R12", r13 = "R13", r14 = "R14", r15 = "R15",
         r16 = "R16", r17 = "R17", r18 = "R18", r19 = "R19", r20 = "R20", r21 = "R21", r22 = "R22",
         r23 = "R23", r24 = "R24", r25 = "R25", r26 = "R26", r27 = "R27", r28 = "R28", r29 = "R29",
         r30 = "R30", r31 = "R31", r32 = "R32", r33 = "R33", r34 = "R34", r35 = "R35", r36 = "R36"
    case role = "ROLE"
    /// A connected tenant's sign-in lacks the Graph permission or Intune role an action needs.
    case permission = "PERMISSION"
}
