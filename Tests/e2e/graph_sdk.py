#!/usr/bin/env python3
"""Microsoft's own Graph SDK (msgraph-sdk) as the client of `mdmconsole serve`: one call per
invocation, the answer printed as JSON on stdout, so serve.sh can check it.

    graph_sdk.py URL TOKEN list                      every device id and name, across pages
    graph_sdk.py URL TOKEN get ID [SELECT]           one device (with $select)
    graph_sdk.py URL TOKEN retire|sync|delete ID     a remote action
    graph_sdk.py URL TOKEN wipe ID                   wipe with keepEnrollmentData/keepUserData
    graph_sdk.py URL TOKEN audit                     every audit event, across pages
    graph_sdk.py URL TOKEN reboot|shutdown|lock|locate|unlost ID     v1.0's everyday remote tasks
    graph_sdk.py BETA_URL TOKEN lostmode ID MESSAGE   beta (msgraph-beta-sdk): enableLostMode
    graph_sdk.py BETA_URL TOKEN rename ID NAME        beta: setDeviceName
    graph_sdk.py BETA_URL TOKEN notify ID TITLE BODY  beta: sendCustomNotificationToCompanyPortal
    graph_sdk.py BETA_URL TOKEN sound ID MINUTES      beta: playLostModeSound
    graph_sdk.py BETA_URL TOKEN diagnostics ID        beta: createDeviceLogCollectionRequest (prints its answer)
    graph_sdk.py BETA_URL TOKEN maawipe ID JUSTIFICATION   beta: a wipe with x-msft-approval-justification (prints the
                                                      403's code and its x-msft-approval-code header)
    graph_sdk.py BETA_URL TOKEN maacomplete ID CODE    beta: the same wipe resent with x-msft-approval-code
    graph_sdk.py BETA_URL TOKEN maastatus CODE         beta: operationApprovalRequests?$filter=requestId eq CODE
    graph_sdk.py BETA_URL TOKEN maaapprove|maareject CODE NOTE   beta: approve or reject it with a note

A refusal prints {"status": N, "code": ..., "message": ...} and exits 3."""
import asyncio, json, sys
from urllib.parse import urlparse

from kiota_abstractions.authentication import AccessTokenProvider, AllowedHostsValidator, BaseBearerTokenAuthenticationProvider
from msgraph import GraphServiceClient
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph.generated.models.o_data_errors.o_data_error import ODataError


class FixedToken(AccessTokenProvider):
    """A bearer token issued by `mdmconsole tokens issue`, for the test's own host."""

    def __init__(self, token, host):
        self.token, self.host = token, host

    async def get_authorization_token(self, uri, additional_authentication_context=None):
        return self.token

    def get_allowed_hosts_validator(self):
        return AllowedHostsValidator([self.host])


BETA = {"lostmode", "rename", "notify", "sound", "diagnostics", "maawipe", "maacomplete", "maastatus", "maaapprove", "maareject"}


async def approvals(client, command, *args):
    """Multi Admin Approval's protocol through msgraph-beta-sdk: the headers ride on the SDK's
    own request configuration, the requests on its operationApprovalRequests builders."""
    import base64
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    requests = client.device_management.operation_approval_requests
    if command in ("maawipe", "maacomplete"):
        from msgraph_beta.generated.device_management.managed_devices.item.wipe.wipe_post_request_body import WipePostRequestBody
        config = RequestConfiguration()
        if command == "maawipe":
            config.headers.add("x-msft-approval-justification", base64.b64encode(args[1].encode()).decode())
        else:
            config.headers.add("x-msft-approval-code", args[1])
        item = client.device_management.managed_devices.by_managed_device_id(args[0])
        try:
            await item.wipe.post(WipePostRequestBody(keep_enrollment_data=False, keep_user_data=False), request_configuration=config)
        except Exception as error:
            headers = {k.lower(): v for k, v in (getattr(error, "response_headers", None) or {}).items()}
            code = headers.get("x-msft-approval-code")
            return {"status": getattr(error, "response_status_code", None), "code": error.error.code if getattr(error, "error", None) else None,
                    "message": error.error.message if getattr(error, "error", None) else str(error),
                    "approvalCode": code[0] if isinstance(code, (list, set, tuple)) else code}
        return {"done": command}
    if command == "maastatus":
        from msgraph_beta.generated.device_management.operation_approval_requests.operation_approval_requests_request_builder import OperationApprovalRequestsRequestBuilder
        params = OperationApprovalRequestsRequestBuilder.OperationApprovalRequestsRequestBuilderGetQueryParameters(filter=f"requestId eq '{args[0]}'")
        page = await requests.get(request_configuration=RequestConfiguration(query_parameters=params))
        return [{"id": r.id, "status": r.status.value if r.status else None, "requestor": r.requestor.user.id if r.requestor and r.requestor.user else None,
                 "approver": r.approver.user.id if r.approver and r.approver.user else None, "requestJustification": r.request_justification,
                 "approvalJustification": r.approval_justification,
                 "policyTypes": [t.value for t in r.required_operation_approval_policy_types or []],
                 "expires": r.expiration_date_time.isoformat() if r.expiration_date_time else None} for r in page.value]
    item = requests.by_operation_approval_request_id(args[0])
    if command == "maaapprove":
        from msgraph_beta.generated.device_management.operation_approval_requests.item.approve.approve_post_request_body import ApprovePostRequestBody
        answer = await item.approve.post(ApprovePostRequestBody(justification=args[1]))
    else:
        from msgraph_beta.generated.device_management.operation_approval_requests.item.reject.reject_post_request_body import RejectPostRequestBody
        answer = await item.reject.post(RejectPostRequestBody(justification=args[1]))
    return {"value": answer.value if answer else None}


async def beta(url, token, command, device, *args):
    """The beta-only actions, through msgraph-beta-sdk's own request builders and bodies."""
    from msgraph_beta import GraphServiceClient as BetaClient
    from msgraph_beta.graph_request_adapter import GraphRequestAdapter as BetaAdapter
    adapter = BetaAdapter(BaseBearerTokenAuthenticationProvider(FixedToken(token, urlparse(url).hostname)))
    adapter.base_url = url
    if command.startswith("maa"):
        return await approvals(BetaClient(request_adapter=adapter), command, device, *args)
    item = BetaClient(request_adapter=adapter).device_management.managed_devices.by_managed_device_id(device)
    base = "msgraph_beta.generated.device_management.managed_devices.item"
    if command == "lostmode":
        from msgraph_beta.generated.device_management.managed_devices.item.enable_lost_mode.enable_lost_mode_post_request_body import EnableLostModePostRequestBody
        await item.enable_lost_mode.post(EnableLostModePostRequestBody(message=args[0], phone_number="+33 1 70 00 12 34", footer="Contoso IT"))
    elif command == "rename":
        from msgraph_beta.generated.device_management.managed_devices.item.set_device_name.set_device_name_post_request_body import SetDeviceNamePostRequestBody
        await item.set_device_name.post(SetDeviceNamePostRequestBody(device_name=args[0]))
    elif command == "notify":
        from msgraph_beta.generated.device_management.managed_devices.item.send_custom_notification_to_company_portal.send_custom_notification_to_company_portal_post_request_body import SendCustomNotificationToCompanyPortalPostRequestBody
        await item.send_custom_notification_to_company_portal.post(SendCustomNotificationToCompanyPortalPostRequestBody(notification_title=args[0], notification_body=args[1]))
    elif command == "sound":
        from msgraph_beta.generated.device_management.managed_devices.item.play_lost_mode_sound.play_lost_mode_sound_post_request_body import PlayLostModeSoundPostRequestBody
        await item.play_lost_mode_sound.post(PlayLostModeSoundPostRequestBody(duration_in_minutes=args[0]))
    elif command == "diagnostics":
        from msgraph_beta.generated.device_management.managed_devices.item.create_device_log_collection_request.create_device_log_collection_request_post_request_body import CreateDeviceLogCollectionRequestPostRequestBody
        from msgraph_beta.generated.models.device_log_collection_request import DeviceLogCollectionRequest
        from msgraph_beta.generated.models.device_log_collection_template_type import DeviceLogCollectionTemplateType
        made = await item.create_device_log_collection_request.post(CreateDeviceLogCollectionRequestPostRequestBody(
            template_type=DeviceLogCollectionRequest(template_type=DeviceLogCollectionTemplateType.Predefined)))
        return {"id": made.id, "status": made.status.value if made.status else None, "managedDeviceId": str(made.managed_device_id),
                "initiatedBy": made.initiated_by_user_principal_name}
    return {"done": command}


async def main(url, token, command, *args):
    if command in BETA:
        try:
            return await beta(url, token, command, *args)
        except Exception as error:  # the beta SDK's ODataError is its own class
            print(json.dumps({"status": getattr(error, "response_status_code", None),
                              "code": error.error.code if getattr(error, "error", None) else None,
                              "message": error.error.message if getattr(error, "error", None) else str(error)}))
            sys.exit(3)
    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(FixedToken(token, urlparse(url).hostname)))
    adapter.base_url = url
    client = GraphServiceClient(request_adapter=adapter)
    devices = client.device_management.managed_devices
    try:
        if command == "list":
            page = await devices.get()
            out = []
            while True:
                out += [{"id": d.id, "deviceName": d.device_name} for d in page.value]
                if not page.odata_next_link:
                    break
                page = await devices.with_url(page.odata_next_link).get()
            return out
        if command == "get":
            from msgraph.generated.device_management.managed_devices.item.managed_device_item_request_builder import ManagedDeviceItemRequestBuilder
            config = None
            if len(args) > 1:
                from kiota_abstractions.base_request_configuration import RequestConfiguration
                params = ManagedDeviceItemRequestBuilder.ManagedDeviceItemRequestBuilderGetQueryParameters(select=args[1].split(","))
                config = RequestConfiguration(query_parameters=params)
            device = await devices.by_managed_device_id(args[0]).get(request_configuration=config)
            return {"id": device.id, "deviceName": device.device_name, "managementState": str(device.management_state.value if device.management_state else None),
                    "activationLockBypassCode": device.activation_lock_bypass_code,
                    "deviceActionResults": [{"actionName": r.action_name, "actionState": r.action_state.value, "type": type(r).__name__,
                                             "unlockPin": getattr(r, "unlock_pin", None),
                                             "latitude": r.device_location.latitude if getattr(r, "device_location", None) else None}
                                            for r in device.device_action_results or []]}
        if command == "audit":
            page = await client.device_management.audit_events.get()
            out = []
            while True:
                out += [{"id": e.id, "activity": e.activity, "result": e.activity_result,
                         "actor": e.actor.user_principal_name if e.actor else None,
                         "application": e.actor.application_display_name if e.actor else None,
                         "ipAddress": e.actor.ip_address if e.actor else None} for e in page.value]
                if not page.odata_next_link:
                    break
                page = await client.device_management.audit_events.with_url(page.odata_next_link).get()
            return out
        item = devices.by_managed_device_id(args[0])
        if command == "retire":
            await item.retire.post()
        elif command == "sync":
            await item.sync_device.post()
        elif command == "delete":
            await item.delete()
        elif command == "reboot":
            await item.reboot_now.post()
        elif command == "shutdown":
            await item.shut_down.post()
        elif command == "lock":
            await item.remote_lock.post()
        elif command == "locate":
            await item.locate_device.post()
        elif command == "unlost":
            await item.disable_lost_mode.post()
        elif command == "wipe":
            from msgraph.generated.device_management.managed_devices.item.wipe.wipe_post_request_body import WipePostRequestBody
            await item.wipe.post(WipePostRequestBody(keep_enrollment_data=False, keep_user_data=True))
        else:
            raise SystemExit(f"unknown command {command}")
        return {"done": command}
    except ODataError as error:
        print(json.dumps({"status": error.response_status_code, "code": error.error.code if error.error else None,
                          "message": error.error.message if error.error else None}))
        sys.exit(3)


print(json.dumps(asyncio.run(main(*sys.argv[1:]))))
