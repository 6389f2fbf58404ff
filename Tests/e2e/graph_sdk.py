#!/usr/bin/env python3
"""Microsoft's own Graph SDK (msgraph-sdk) as the client of `mdmconsole serve`: one call per
invocation, the answer printed as JSON on stdout, so serve.sh can check it.

    graph_sdk.py URL TOKEN list                      every device id and name, across pages
    graph_sdk.py URL TOKEN get ID [SELECT]           one device (with $select)
    graph_sdk.py URL TOKEN retire|sync|delete ID     a remote action
    graph_sdk.py URL TOKEN wipe ID                   wipe with keepEnrollmentData/keepUserData
    graph_sdk.py URL TOKEN audit                     every audit event, across pages

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


async def main(url, token, command, *args):
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
                    "deviceActionResults": [{"actionName": r.action_name, "actionState": r.action_state.value} for r in device.device_action_results or []]}
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
