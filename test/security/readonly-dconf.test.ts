import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO, makeRoot } from '../helpers/host.js';
import { needsRoot } from '../helpers/tools.js';

// Issue 13, class 3: a scan as a GNOME user ran gsettings, which made dconf create
// ~/.cache/dconf/user in the user's home. With the real gsettings and dconf, as an ordinary user
// with a real home (in a private mount namespace: a passwd with that user bound over /etc/passwd,
// a tmpfs /home, /usr/bin overlaid to hold a gnome-shell), the home's tree is the same after a scan.

const tools = needsRoot({
  '/usr/bin/unshare': 'util-linux',
  '/usr/bin/setpriv': 'util-linux',
  '/usr/bin/gsettings': 'libglib2.0-bin',
  '/usr/bin/dbus-run-session': 'dbus-daemon',
  '/usr/libexec/dconf-service': 'dconf-service',
  '/usr/share/glib-2.0/schemas/org.gnome.desktop.screensaver.gschema.xml': 'gsettings-desktop-schemas',
});

tools.describe("a GNOME user's home is left exactly as it was", () => {
  it('gsettings reads the lock settings and writes nothing in the home', async () => {
    const work = await makeRoot({});
    const script = `
set -eu
W=${work}
cp /etc/passwd $W/passwd && echo 'shopuser:x:4242:4242::/home/shopuser:/bin/sh' >> $W/passwd
mount --bind $W/passwd /etc/passwd
mount -t tmpfs tmpfs /home
mkdir -p $W/upper $W/work /home/shopuser && chown 4242:4242 /home/shopuser
mount -t overlay overlay -o lowerdir=/usr/bin,upperdir=$W/upper,workdir=$W/work /usr/bin
# The clone may sit below a folder only root can enter (mktemp -d): the user runs it from a bind mount.
mount -t tmpfs tmpfs /mnt && mkdir /mnt/repo && mount --bind ${REPO} /mnt/repo
: > /usr/bin/gnome-shell
as_user() { setpriv --reuid=4242 --regid=4242 --clear-groups env -i PATH=/usr/bin:/bin HOME=/home/shopuser "$@"; }
# The user's own setting, written the way a session does (through the dconf service), then
# everything that writing left outside the settings database removed.
mkdir -m 700 $W/run && chown 4242 $W/run
as_user XDG_RUNTIME_DIR=$W/run dbus-run-session -- gsettings set org.gnome.desktop.screensaver lock-delay 'uint32 42' 2>/dev/null
rm -rf /home/shopuser/.cache
tree() { find /home/shopuser -printf '%p %s %m %T@\\n' | sort; }
tree > $W/before
as_user XDG_CURRENT_DESKTOP=GNOME XDG_RUNTIME_DIR=/run/user/4242 ${process.execPath} /mnt/repo/bin/shop-audit.js probes --json > $W/probes.json
tree > $W/after
diff $W/before $W/after && echo SAME
cat $W/before`;
    const r = spawnSync('/usr/bin/unshare', ['-m', '--propagation', 'private', '/bin/sh', '-c', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('/home/shopuser/.config/dconf/user');
    expect(r.stdout).toContain('SAME');
    const { probes } = JSON.parse(readFileSync(path.join(work, 'probes.json'), 'utf8')) as {
      probes: { id: string; facts: Record<string, unknown> }[];
    };
    const lock = probes.find((p) => p.id === 'screen_lock')!;
    // Read for real from the user's settings database: the source is gsettings, not a reason.
    expect(lock.facts).toMatchObject({ hasDesktop: true, source: 'GNOME settings (gsettings) of user shopuser' });
  }, 60_000);
});
