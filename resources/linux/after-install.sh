#!/bin/bash
# deb post-install (electron-builder.yml linux.. deb.afterInstall): electron-builder's default
# steps (command link, chrome-sandbox mode) plus the kiosk's udev rules, which let the
# kiosk user open the QR scanner and printer without root.

if type update-alternatives >/dev/null 2>&1; then
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

# SUID chrome-sandbox only on systems without working user namespaces.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# udev rules for the kiosk's USB devices (resources/udev/*.rules in the source tree).
if ls '/opt/${sanitizedProductName}/resources/udev/'*.rules >/dev/null 2>&1; then
    cp -f '/opt/${sanitizedProductName}/resources/udev/'*.rules /etc/udev/rules.d/ || true
    if hash udevadm 2>/dev/null; then
        udevadm control --reload-rules || true
        udevadm trigger --subsystem-match=hidraw --subsystem-match=usb || true
    fi
fi

# Auto-start: the systemd user unit (resources/linux/village-kiosk.service), enabled for every
# user's graphical session; the kiosk user's auto-login session is in docs/kiosk-session.md.
if [ -f '/opt/${sanitizedProductName}/resources/linux/village-kiosk.service' ]; then
    install -D -m 0644 '/opt/${sanitizedProductName}/resources/linux/village-kiosk.service' /usr/lib/systemd/user/village-kiosk.service || true
    if hash systemctl 2>/dev/null; then
        systemctl --global enable village-kiosk.service || true
    fi
fi
