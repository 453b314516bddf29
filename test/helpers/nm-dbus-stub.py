#!/usr/bin/python3
"""A stand-in for NetworkManager's D-Bus service, for the real nmcli in tests (no Wi-Fi hardware here).

Serves, on the bus whose address is argv[1], only what `nmcli dev wifi list --rescan no` reads: the manager,
one Wi-Fi device (wlan0) and its access points, each as NetworkManager's D-Bus API names its properties
(https://networkmanager.dev/docs/api/latest/). argv[2] is the scene as JSON:
{"aps": [{"ssid": "shop", "flags": 1, "wpa": 0, "rsn": 392, "active": true}, ...]}, where flags, wpa and rsn
are the access point's Flags, WpaFlags and RsnFlags (NM80211ApFlags, NM80211ApSecurityFlags). nmcli itself
turns them into its SECURITY words. Prints "ready" once the name is owned.
"""
import json
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

NM = 'org.freedesktop.NetworkManager'
ROOT = '/org/freedesktop/NetworkManager'
DEVICE_TYPE_WIFI = 2
STATE_ACTIVATED, STATE_DISCONNECTED = 100, 30
MODE_INFRA = 2

dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.bus.BusConnection(sys.argv[1])
scene = json.loads(sys.argv[2])
exported = []


class Exported(dbus.service.Object):
    """An object with fixed properties, listed by the object manager below."""

    def __init__(self, path, interfaces):
        super().__init__(bus, path)
        self.path = dbus.ObjectPath(path)
        self.interfaces = interfaces
        exported.append(self)

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature='ss', out_signature='v')
    def Get(self, interface, name):
        return self.interfaces[interface][name]

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature='s', out_signature='a{sv}')
    def GetAll(self, interface):
        return self.interfaces.get(interface, {})


class ObjectManager(dbus.service.Object):
    """libnm reads every object at once from /org/freedesktop, as NetworkManager serves it."""

    @dbus.service.method('org.freedesktop.DBus.ObjectManager', out_signature='a{oa{sa{sv}}}')
    def GetManagedObjects(self):
        return {o.path: o.interfaces for o in exported}


access_points = []
active = '/'
for number, ap in enumerate(scene['aps'], 1):
    path = f'{ROOT}/AccessPoint/{number}'
    access_points.append(dbus.ObjectPath(path))
    if ap.get('active'):
        active = path
    Exported(path, {f'{NM}.AccessPoint': {
        'Flags': dbus.UInt32(ap['flags']),
        'WpaFlags': dbus.UInt32(ap['wpa']),
        'RsnFlags': dbus.UInt32(ap['rsn']),
        'Ssid': dbus.ByteArray(ap['ssid'].encode()),
        'Frequency': dbus.UInt32(2412),
        'HwAddress': f'02:00:00:00:00:{number:02X}',
        'Mode': dbus.UInt32(MODE_INFRA),
        'MaxBitrate': dbus.UInt32(54000),
        # Each weaker than the one before: nmcli lists them by signal, so the order is fixed.
        'Strength': dbus.Byte(80 - 10 * number),
        'LastSeen': dbus.Int32(-1),
    }})

# nmcli marks an access point ACTIVE only on a device whose state is "activated".
state = dbus.UInt32(STATE_ACTIVATED if active != '/' else STATE_DISCONNECTED)
device = f'{ROOT}/Devices/1'
Exported(device, {
    f'{NM}.Device': {
        'Interface': 'wlan0',
        'DeviceType': dbus.UInt32(DEVICE_TYPE_WIFI),
        'State': state,
        'StateReason': dbus.Struct((state, dbus.UInt32(0)), signature='uu'),
        'Real': True,
        'Managed': True,
        'HwAddress': '02:00:00:00:00:00',
    },
    f'{NM}.Device.Wireless': {
        'AccessPoints': dbus.Array(access_points, signature='o'),
        'ActiveAccessPoint': dbus.ObjectPath(active),
        'HwAddress': '02:00:00:00:00:00',
        'Mode': dbus.UInt32(MODE_INFRA),
        'LastScan': dbus.Int64(-1),
    },
})
Exported(ROOT, {NM: {
    'Devices': dbus.Array([dbus.ObjectPath(device)], signature='o'),
    'AllDevices': dbus.Array([dbus.ObjectPath(device)], signature='o'),
    'Version': '1.42.4',
    'State': dbus.UInt32(70),
    'Startup': False,
    'NetworkingEnabled': True,
    'WirelessEnabled': True,
    'WirelessHardwareEnabled': True,
    'ActiveConnections': dbus.Array([], signature='o'),
    'PrimaryConnection': dbus.ObjectPath('/'),
    'Connectivity': dbus.UInt32(4),
}})
ObjectManager(bus, '/org/freedesktop')
bus.request_name(NM)
print('ready', flush=True)
GLib.MainLoop().run()
