#!/usr/bin/env python3
"""serve's answers judged by Microsoft's own generated models (msgraph-sdk, generated from the
published v1.0 schema): every kind of answer is parsed with the SDK's parse nodes and each
member compared with what the model read. A property the model does not know (it lands in
additional_data), a value of the wrong type or an enum member the schema lacks (the model
reads None), and a v1.0 property missing from a full device are each a problem.

    graph_conformance.py URL TOKEN     prints each problem, one a line; exits 1 if any
    graph_conformance.py --beta URL TOKEN   the same of serve's /beta, by msgraph-beta-sdk's models
    graph_conformance.py --self-test   the judge on a known-bad answer and a known-bad $metadata:
                                       it must find each fault

$metadata is judged by the same models: every managedDevice property the model has (its
navigation properties aside) is declared, and nothing the model lacks; a value of each declared
type and each declared enum member must read back through the model; every complex type's
declared members likewise; each bound action is one the SDK has a request builder for, with
the parameters its request body takes; every answer's @odata.context points at this $metadata
and names what it declares.

URL is serve's /v1.0 base; TOKEN a token of an Administrator (`tokens issue`)."""
import dataclasses, json, re, sys, urllib.error, urllib.request
import xml.etree.ElementTree as ElementTree

import importlib

from kiota_serialization_json.json_parse_node import JsonParseNode


def model(package, module, name):
    return getattr(importlib.import_module(f"{package}.generated.{module}"), name)


class Models:
    """Microsoft's generated models of one Graph version: msgraph (v1.0) or msgraph_beta."""

    def __init__(self, package):
        self.package = package
        self.device = model(package, "models.managed_device", "ManagedDevice")
        self.devices = model(package, "models.managed_device_collection_response", "ManagedDeviceCollectionResponse")
        self.audit = model(package, "models.audit_event_collection_response", "AuditEventCollectionResponse")
        self.error = model(package, "models.o_data_errors.o_data_error", "ODataError")
        self.permissions = model(package, "device_management.get_effective_permissions_with_scope."
                                 "get_effective_permissions_with_scope_get_response", "GetEffectivePermissionsWithScopeGetResponse")


# managedDevice's navigation properties (v1.0's and beta's): relations, never written inline by
# the service.
NAVIGATION = {"deviceCategory", "deviceCompliancePolicyStates", "deviceConfigurationStates", "logCollectionRequests", "users",
              "windowsProtectionState", "@odata.type", "assignmentFilterEvaluationStatusDetails", "detectedApps",
              "deviceHealthScriptStates", "managedDeviceMobileAppConfigurationStates", "securityBaselineStates"}
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
problems = []


def fetch(url, token, method="GET", body=None, headers=None):
    request = urllib.request.Request(url, method=method, data=body, headers={"Authorization": f"Bearer {token}", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def fields(model):
    """The model's values by attribute name (the SDK keeps them in a backing store)."""
    found = dict(getattr(model, "__dict__", {}))
    if dataclasses.is_dataclass(model):
        found.update({field.name: getattr(model, field.name) for field in dataclasses.fields(model)})
    store = found.pop("backing_store", None)
    if store is not None:
        found.update(dict(store.enumerate_()))
    return found


def attribute(model, key):
    """The attribute a JSON member is read into: `azureADDeviceId` -> `azure_a_d_device_id`."""
    wanted = key.replace("@", "").replace(".", "").replace("-", "").lower()
    for name, value in fields(model).items():
        if name.replace("_", "").lower() == wanted:
            return True, value
    return False, None


def items(value):
    """A collection as read: a list, or the backing store's `_Collection(items, size)`."""
    if hasattr(value, "items") and hasattr(value, "size"):
        return list(value.items)
    return list(value) if isinstance(value, (list, tuple)) else None


def check(data, model, where):
    """Members the model does not know (additional_data), and values it could not read (a
    wrong type or an enum member the schema lacks leaves the attribute None)."""
    extra = fields(model).get("additional_data") or {}
    for key in extra:
        if not key.startswith("@odata."):
            problems.append(f"{where}.{key}: not a property of {type(model).__name__}")
    for key, value in data.items():
        if key in extra or value is None or (key.startswith("@odata.") and key != "@odata.type"):
            continue
        known, read = attribute(model, key)
        if not known:
            problems.append(f"{where}.{key}: not a property of {type(model).__name__}")
        elif read is None:
            problems.append(f"{where}.{key}: {json.dumps(value)[:60]} is not a value the model reads (wrong type or enum member)")
        elif isinstance(value, dict) and not isinstance(read, (str, int, float, bool)):
            check(value, read, f"{where}.{key}")
        elif isinstance(value, list) and items(read) is not None:
            for index, (element, element_model) in enumerate(zip(value, items(read))):
                if isinstance(element, dict):
                    check(element, element_model, f"{where}.{key}[{index}]")


def judge(data, model_type, where):
    model = JsonParseNode(data).get_object_value(model_type)
    check(data, model, where)
    return model


def sample(type_name, schema, depth=0):
    """A JSON value of a declared type: what the model must read back, not None."""
    if type_name.startswith("Collection("):
        element = sample(type_name[len("Collection("):-1], schema, depth + 1)
        return [element] if element is not None else []
    simple = {"Edm.String": "x", "Edm.Boolean": True, "Edm.DateTimeOffset": "2026-11-24T09:00:00Z", "Edm.Int32": 7,
              "Edm.Int64": 7, "Edm.Double": 1.5, "Edm.Guid": "0f8fad5b-d9cb-469f-a165-70867728950e"}
    if type_name in simple:
        return simple[type_name]
    name = type_name.split(".", 1)[1]
    if name in schema["enums"]:
        return schema["enums"][name][0]
    if name in schema["complex"] and depth < 3:
        return {member: sample(kind, schema, depth + 1) for member, kind in schema["complex"][name]["properties"].items()}
    return None


def read_schema(text):
    root = ElementTree.fromstring(text)
    schema = {"enums": {}, "complex": {}, "entities": {}, "actions": {}}
    for node in root.iter(f"{EDM}EnumType"):
        schema["enums"][node.get("Name")] = [member.get("Name") for member in node.iter(f"{EDM}Member")]
    for kind, key in [("ComplexType", "complex"), ("EntityType", "entities")]:
        for node in root.iter(f"{EDM}{kind}"):
            schema[key][node.get("Name")] = {"base": node.get("BaseType"),
                                             "properties": {p.get("Name"): p.get("Type") for p in node.findall(f"{EDM}Property")}}
    for node in root.iter(f"{EDM}Action"):
        parameters = [p.get("Name") for p in node.findall(f"{EDM}Parameter")]
        schema["actions"][node.get("Name")] = parameters[1:]
    schema["container"] = {child.get("Name") for node in root.iter(f"{EDM}EntityContainer") for child in node}
    return schema


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def judge_metadata(text, models, where="$metadata"):
    try:
        schema = read_schema(text)
    except ElementTree.ParseError as error:
        problems.append(f"{where}: not well-formed XML ({error})")
        return None
    declared = schema["entities"].get("managedDevice", {"properties": {}})["properties"]
    known = set(models.device().get_field_deserializers()) - NAVIGATION - {"id"}
    for name in sorted(known - set(declared)):
        problems.append(f"{where}: managedDevice.{name} is a property of the model, not declared")
    for name, kind in sorted(declared.items()):
        if name not in known:
            problems.append(f"{where}: managedDevice.{name} is declared, but not a property of the model")
            continue
        value = sample(kind, schema)
        if value is None:
            problems.append(f"{where}: managedDevice.{name} has the type {kind}, which $metadata does not declare")
            continue
        before = len(problems)
        judge({name: value}, models.device, f"{where}: managedDevice.{name} as {kind}")
        if len(problems) > before:
            continue
        enum = kind.split(".", 1)[1] if kind.startswith("graph.") and kind.split(".", 1)[1] in schema["enums"] else None
        for member in schema["enums"].get(enum, [])[1:]:
            judge({name: member}, models.device, f"{where}: {enum} member")
    # Complex types, judged inside a device where one is a property's type (their own classes
    # otherwise: the action results by their @odata.type).
    results = {"resetPasscodeActionResult", "remoteLockActionResult", "locateDeviceActionResult", "deviceActionResult"}
    for name in sorted(results & set(schema["complex"])):
        result = {"@odata.type": f"#microsoft.graph.{name}", **sample(f"graph.{name}", schema)}
        for base in [schema["complex"][name]["base"]]:
            if base:
                result.update(sample(base, schema))
        judge({"deviceActionResults": [result]}, models.device, f"{where}: {name}")
    for name, parameters in sorted(schema["actions"].items()):
        module = f"{models.package}.generated.device_management.managed_devices.item.{snake(name)}"
        try:
            builder = importlib.import_module(f"{module}.{snake(name)}_request_builder")
        except ImportError:
            problems.append(f"{where}: the action {name} has no request builder in {models.package}")
            continue
        if parameters:
            body = getattr(importlib.import_module(f"{module}.{snake(name)}_post_request_body"), name[0].upper() + name[1:] + "PostRequestBody")
            for parameter in set(parameters) - set(body().get_field_deserializers()):
                problems.append(f"{where}: {name}'s parameter {parameter} is not in its request body")
    return schema


def judge_context(context, base, schema, where):
    """An @odata.context is this $metadata and names something it declares."""
    if not context or not context.startswith(f"{base}/$metadata#"):
        problems.append(f"{where}: @odata.context {context!r} is not {base}/$metadata#…")
        return
    fragment = context.split("#", 1)[1]
    head = re.split(r"[/()]", fragment.removeprefix("Collection(").removeprefix("microsoft.graph."), maxsplit=1)[0]
    if head not in schema["container"] and head not in schema["complex"] and head not in schema["entities"]:
        problems.append(f"{where}: @odata.context names {head}, which $metadata does not declare")


def main(base, token, models):
    with urllib.request.urlopen(f"{base}/$metadata", timeout=30) as answer:
        schema = judge_metadata(answer.read().decode(), models)
    status, page = fetch(f"{base}/deviceManagement/managedDevices?$top=200", token)
    assert status == 200, status
    judge(page, models.devices, "list")
    if schema:
        judge_context(page.get("@odata.context"), base, schema, "list")
        for index, device in enumerate(page["value"][:5]):
            for name in sorted(set(device) - set(schema["entities"]["managedDevice"]["properties"]) - {"id"}):
                problems.append(f"list.value[{index}].{name}: written, not declared in $metadata")
    # Every property of the version's model (beta's: v1.0's and its own 28).
    full = set(models.device().get_field_deserializers()) - NAVIGATION
    for index, device in enumerate(page["value"][:5]):
        for name in sorted(full - set(device)):
            problems.append(f"list.value[{index}]: the {models.package} property {name} is missing")
    _, selected = fetch(f"{base}/deviceManagement/managedDevices?$top=5&$select=deviceName,model,totalStorageSpaceInBytes", token)
    judge(selected, models.devices, "selected list")
    first = page["value"][0]["id"]
    for query, where in [("", "device"), ("?$select=deviceName,activationLockBypassCode,udid,notes", "selected device")]:
        status, device = fetch(f"{base}/deviceManagement/managedDevices/{first}{query}", token)
        assert status == 200, (where, status)
        judge(device, models.device, where)
        if schema:
            judge_context(device.get("@odata.context"), base, schema, where)
    # Each deviceActionResult subtype the endpoint writes, parsed as its own class: the demo
    # has a reset passcode, a Mac's remote lock and a located phone.
    expected = {"resetPasscode": "ResetPasscodeActionResult", "remoteLock": "RemoteLockActionResult",
                "locateDevice": "LocateDeviceActionResult"}
    seen, link = {}, f"{base}/deviceManagement/managedDevices?$top=1000"
    while link and len(seen) < len(expected):
        _, listed = fetch(link, token)
        for device in listed["value"]:
            names = {r["actionName"] for r in device["deviceActionResults"] if r.get("@odata.type")}
            for name in names - set(seen):
                read = judge(device, models.device, f"device {device['id']}")
                kinds = {r.action_name: type(r).__name__ for r in read.device_action_results if r.odata_type}
                seen[name] = kinds.get(name)
        link = listed.get("@odata.nextLink")
    for name, kind in expected.items():
        if seen.get(name) != kind:
            problems.append(f"the {name} result is read as {seen.get(name)}, not {kind} (or no device has one)")
    if models.package == "msgraph_beta":
        # beta's createDeviceLogCollectionRequest answers the deviceLogCollectionResponse it made.
        windows = [d for d in page["value"] if d["operatingSystem"] == "Windows" and d["managedDeviceOwnerType"] == "company"]
        if windows:
            body = json.dumps({"templateType": {"templateType": "predefined"}}).encode()
            status, made = fetch(f"{base}/deviceManagement/managedDevices/{windows[0]['id']}/createDeviceLogCollectionRequest", token,
                                 "POST", body, {"Content-Type": "application/json"})
            if status != 200:
                problems.append(f"createDeviceLogCollectionRequest: {status}, expected 200")
            else:
                judge(made, model(models.package, "models.device_log_collection_response", "DeviceLogCollectionResponse"),
                      "deviceLogCollectionResponse")
    _, audit = fetch(f"{base}/deviceManagement/auditEvents?$top=50", token)
    judge(audit, models.audit, "auditEvents")
    _, permissions = fetch(f"{base}/deviceManagement/getEffectivePermissions(scope='allScopes')", token)
    judge(permissions, models.permissions, "getEffectivePermissions")
    if schema:
        judge_context(audit.get("@odata.context"), base, schema, "auditEvents")
        judge_context(permissions.get("@odata.context"), base, schema, "getEffectivePermissions")
        for name, value in (audit["value"][0] if audit["value"] else {}).items():
            if name != "id" and name not in schema["entities"]["auditEvent"]["properties"]:
                problems.append(f"auditEvents.value[0].{name}: written, not declared in $metadata")
    for url, method, body, expected in [
        (f"{base}/deviceManagement/managedDevices/no-such-device", "GET", None, 404),
        (f"{base}/deviceManagement/managedDevices?$top=x", "GET", None, 400),
        (f"{base}/deviceManagement/managedDevices/{first}", "PUT", b"{}", 405),
    ]:
        status, error = fetch(url, token, method, body, {"Content-Type": "application/json"})
        if status != expected:
            problems.append(f"{method} {url}: {status}, expected {expected}")
        judge(error, models.error, f"error {status}")
    status, error = fetch(f"{base}/deviceManagement/managedDevices", "not-a-token")
    judge(error, models.error, "error 401")
    batch = {"requests": [{"id": "1", "method": "GET", "url": f"/deviceManagement/managedDevices/{first}"},
                          {"id": "2", "method": "GET", "url": "/deviceManagement/auditEvents?$top=2"},
                          {"id": "3", "method": "GET", "url": "/deviceManagement/nothingHere"}]}
    status, answer = fetch(f"{base}/$batch", token, "POST", json.dumps(batch).encode(), {"Content-Type": "application/json"})
    kinds = {"1": models.device, "2": models.audit, "3": models.error}
    for response in answer["responses"]:
        judge(response["body"], kinds[response["id"]], f"$batch response {response['id']}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def self_test():
    """The judge can fail: a known-bad device yields each kind of problem."""
    judge({"id": "x", "deviceName": "A", "managementState": "retired", "isSupervised": "yes", "bogus": 1,
           "deviceActionResults": [{"actionName": "wipe", "actionState": "finished"}]}, Models("msgraph").device, "bad")
    bad_metadata = """<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
      <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
        <EnumType Name="managementState"><Member Name="managed" /><Member Name="retired" /></EnumType>
        <EntityType Name="managedDevice"><Property Name="deviceName" Type="Edm.Boolean" />
          <Property Name="managementState" Type="graph.managementState" /><Property Name="bogus" Type="Edm.String" /></EntityType>
        <Action Name="wipe" IsBound="true"><Parameter Name="bindingParameter" Type="graph.managedDevice" />
          <Parameter Name="keepEverything" Type="Edm.Boolean" /></Action>
        <Action Name="selfDestruct" IsBound="true"><Parameter Name="bindingParameter" Type="graph.managedDevice" /></Action>
      </Schema></edmx:DataServices></edmx:Edmx>"""
    judge_metadata(bad_metadata, Models("msgraph"), "bad $metadata")
    judge_context("http://elsewhere/$metadata#x", "http://here/v1.0", {"container": set(), "complex": {}, "entities": {}}, "bad context")
    found = "\n".join(problems)
    expected = ["bad.managementState", "bad.isSupervised", "bad.bogus: not a property", "bad.deviceActionResults[0].actionState",
                "managedDevice.deviceName as Edm.Boolean", "managementState member", "managedDevice.bogus is declared",
                "managedDevice.serialNumber is a property of the model, not declared", "parameter keepEverything",
                "selfDestruct has no request builder", "bad context"]
    missing = [text for text in expected if text not in found]
    print(found if missing else "the judge finds a wrong enum member, a wrong type, an unknown property, a nested wrong enum, "
          "and in a $metadata a wrong type, an unknown member, an unknown or missing property, an unknown action or parameter, "
          "and a context pointing elsewhere")
    return 1 if missing else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    beta = sys.argv[1] == "--beta"
    arguments = sys.argv[2:] if beta else sys.argv[1:]
    sys.exit(main(arguments[0].rstrip("/"), arguments[1], Models("msgraph_beta" if beta else "msgraph")))
