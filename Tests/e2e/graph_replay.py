#!/usr/bin/env python3
"""A Graph service of the tests' own on loopback, answering as Microsoft documents its answers
(not as `serve` writes them): a null deviceName, the docs' own "jailBroken value", an enum
member v1.0 leaves as unknownFutureValue, seven-digit fractions with an offset, 0001-01-01 for
"never", Int64 sizes, absolute nextLinks and an empty middle page; beta's enrollment types for
the Android kinds. It checks the bearer token on every request and prints its port.

    graph_replay.py TOKEN      serves until killed; every request is logged to stderr
"""
import json, sys
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse


def device(id, **fields):
    base = {"id": id, "deviceName": "replay-" + id[:4], "operatingSystem": "Windows", "osVersion": "10.0.22631.4890",
            "deviceEnrollmentType": "windowsAzureADJoin", "managedDeviceOwnerType": "company", "complianceState": "compliant",
            "managementState": "managed", "managementAgent": "mdm", "userPrincipalName": "ana@contoso.com", "userDisplayName": "Ana",
            "emailAddress": "ana@contoso.com", "serialNumber": "SN-" + id[:4], "model": "Surface Laptop 5", "manufacturer": "Microsoft",
            "imei": None, "androidSecurityPatchLevel": None, "enrolledDateTime": "2024-03-01T08:00:00Z",
            "lastSyncDateTime": "2026-11-24T07:31:45.1234567Z", "managementCertificateExpirationDate": "2027-03-01T08:00:00Z",
            "isSupervised": False, "isEncrypted": True, "jailBroken": "Unknown", "deviceActionResults": [],
            "totalStorageSpaceInBytes": 512110190592, "freeStorageSpaceInBytes": 301234567890}
    base.update(fields)
    return base


# Page 1: a device named only by its managedDeviceName, dates with seven-digit fractions and an
# offset, a "never" last sync; the docs' own jailBroken text on an iPhone.
PAGE1 = [
    device("3f2c8a9e-0001-4c1e-9a55-1f0e2b3c4d01", deviceName=None, managedDeviceName="ana_Windows_3/1/2024_8:00 AM",
           enrolledDateTime="2016-12-31T23:59:43.7972075-08:00", lastSyncDateTime="0001-01-01T00:00:00Z"),
    device("3f2c8a9e-0002-4c1e-9a55-1f0e2b3c4d02", deviceName="Ana's iPhone", operatingSystem="iOS", osVersion="18.1",
           deviceEnrollmentType="appleBulkWithUser", isSupervised=True, jailBroken="jailBroken value", model="iPhone 15",
           manufacturer="Apple"),
]
def recent(minutes):
    """A time a few minutes ago, written as the service does: seven fractional digits."""
    return (datetime.now(timezone.utc) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.1234567Z")


# Page 3 (page 2 is empty but links on): an Android Enterprise device v1.0 cannot name, located
# an hour ago (a position is shown 24 hours).
PAGE3 = [
    device("3f2c8a9e-0003-4c1e-9a55-1f0e2b3c4d03", deviceName="ana_AndroidEnterprise_3/1/2024_8:00 AM", operatingSystem="Android",
           osVersion="14", deviceEnrollmentType="unknownFutureValue", managementAgent="googleCloudDevicePolicyController",
           androidSecurityPatchLevel="2026-10-01", model="Pixel 8", manufacturer="Google", imei="358240051111110",
           deviceActionResults=[{"actionName": "locateDevice", "actionState": "done", "startDateTime": recent(65),
                                 "lastUpdatedDateTime": recent(60), "@odata.type": "#microsoft.graph.locateDeviceActionResult",
                                 "deviceLocation": {"latitude": 48.8566, "longitude": 2.3522, "altitude": 0, "horizontalAccuracy": 12,
                                                    "verticalAccuracy": 0, "heading": 0, "speed": 0,
                                                    "lastCollectedDateTime": recent(61)}}]),
]
AUDIT = [{"id": "a1b2c3d4-0000-4000-8000-000000000001", "displayName": "Wipe", "componentName": "Devices",
          "activity": "wipe ManagedDevice", "activityDateTime": "2026-11-24T06:30:00.1234567Z", "activityType": "wipe",
          "activityOperationType": "Action", "activityResult": "Success", "correlationId": "a1b2c3d4-0000-4000-8000-0000000000ff",
          "category": "Device", "actor": {"type": "ItPro", "userPrincipalName": "portal.admin@contoso.com", "auditActorType": "ItPro",
                                          "applicationDisplayName": "Microsoft Intune portal extension", "ipAddress": None},
          "resources": [{"displayName": "Ana's iPhone", "type": "ManagedDevice", "auditResourceType": "ManagedDevice",
                         "resourceId": "3f2c8a9e-0002-4c1e-9a55-1f0e2b3c4d02", "modifiedProperties": []}]}]


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        sys.stderr.write(f"GET {self.path}\n")
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self.answer(401, {"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty."}})
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = urlparse(self.path).path
        query = urlparse(self.path).query
        if path == "/v1.0/deviceManagement/managedDevices":
            if "page=2" in query:
                return self.answer(200, {"value": [], "@odata.nextLink": f"{base}/v1.0/deviceManagement/managedDevices?page=3"})
            if "page=3" in query:
                return self.answer(200, {"@odata.context": f"{base}/v1.0/$metadata#deviceManagement/managedDevices", "value": PAGE3})
            return self.answer(200, {"@odata.context": f"{base}/v1.0/$metadata#deviceManagement/managedDevices", "value": PAGE1,
                                     "@odata.nextLink": f"{base}/v1.0/deviceManagement/managedDevices?page=2"})
        if path == "/beta/deviceManagement/managedDevices":
            return self.answer(200, {"value": [{"id": PAGE3[0]["id"], "deviceEnrollmentType": "androidEnterpriseCorporateWorkProfile"}]})
        if path == "/v1.0/deviceManagement/auditEvents":
            return self.answer(200, {"value": AUDIT})
        return self.answer(404, {"error": {"code": "ResourceNotFound", "message": f"no {path} here"}})

    def log_message(self, *args):
        pass


TOKEN = sys.argv[1]
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
