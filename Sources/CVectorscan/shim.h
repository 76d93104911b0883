#ifndef REFUSALD_CVECTORSCAN_SHIM_H
#define REFUSALD_CVECTORSCAN_SHIM_H

// Vectorscan (the portable Hyperscan fork) installs its headers under <hs/>.
#include <hs/hs.h>

#endif
