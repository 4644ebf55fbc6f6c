// SPDX-License-Identifier: GPL-3.0-or-later
// All the seam fakes (shared/design.md "Seams").
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKES_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKES_H_

#include "tests/fakes/fake_datagram_net.h"
#include "tests/fakes/fake_file_source.h"
#include "tests/fakes/fake_mount_point.h"
#include "tests/fakes/fake_mounter.h"
#include "tests/fakes/fake_name_resolver.h"
#include "tests/fakes/fake_network.h"
#include "tests/fakes/fake_network_events.h"
#include "tests/fakes/fake_password_prompter.h"
#include "tests/fakes/fake_privileges.h"
#include "tests/fakes/fake_reconnect_probe.h"
#include "tests/fakes/fake_state_store.h"
#include "tests/fakes/fake_user_db.h"
#include "tests/fakes/recording_console.h"

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKES_H_
