"""The names of this field: actors and legal instruments, each with its aliases.

Canonical names are the ones the record shows; aliases are matched as whole token
sequences in the spellings listed (case matters: "US" and "PRC" are also words), by the
gazetteer component of refwatch.extract.nlp, so "PRC", "People's Republic of China" and
"Beijing" all point to China.
"""

from __future__ import annotations

from typing import Literal

ActorKind = Literal["person", "organization", "state"]

ACTORS: dict[str, tuple[ActorKind, list[str]]] = {
    "China": (
        "state",
        [
            "China",
            "PRC",
            "People's Republic of China",
            "People’s Republic of China",
            "Beijing",
            "Chinese authorities",
            "Chinese government",
            "Chinese Government",
            "Chinese police",
            "Chinese Communist Party",
            "CCP",
            "Chinese officials",
            "Chinese security forces",
        ],
    ),
    "North Korea": (
        "state",
        [
            "North Korea",
            "DPRK",
            "Democratic People's Republic of Korea",
            "Democratic People’s Republic of Korea",
            "Pyongyang",
            "North Korean authorities",
            "North Korean government",
            "North Korean regime",
        ],
    ),
    "South Korea": ("state", ["South Korea", "Republic of Korea", "ROK", "Seoul", "South Korean government"]),
    "United States": ("state", ["United States", "U.S.", "US", "USA", "United States of America", "America"]),
    "Russia": ("state", ["Russia", "Russian Federation", "Russian authorities"]),
    "Congressional-Executive Commission on China": (
        "organization",
        [
            "Congressional-Executive Commission on China",
            "Congressional Executive Commission on China",
            "CECC",
            "Congressional–Executive Commission on China",
        ],
    ),
    "Amnesty International": ("organization", ["Amnesty International", "Amnesty"]),
    "Human Rights Watch": ("organization", ["Human Rights Watch", "HRW"]),
    "UNHCR": (
        "organization",
        [
            "UNHCR",
            "UN Refugee Agency",
            "U.N. Refugee Agency",
            "United Nations High Commissioner for Refugees",
            "UN High Commissioner for Refugees",
            "Office of the United Nations High Commissioner for Refugees",
        ],
    ),
    "OHCHR": (
        "organization",
        [
            "OHCHR",
            "Office of the High Commissioner for Human Rights",
            "UN Human Rights Office",
            "UN High Commissioner for Human Rights",
            "United Nations High Commissioner for Human Rights",
        ],
    ),
    "United Nations": ("organization", ["United Nations", "UN", "U.N."]),
    "UN Commission of Inquiry on Human Rights in the DPRK": (
        "organization",
        [
            "Commission of Inquiry on human rights in the Democratic People's Republic of Korea",
            "DPRK COI",
            "UN Commission of Inquiry",
            "Commission of Inquiry",
        ],
    ),
    "UN Special Rapporteur on the situation of human rights in the DPRK": (
        "organization",
        [
            "Special Rapporteur on the situation of human rights in the Democratic People's Republic of Korea",
            "Special Rapporteur on the situation of human rights in the DPRK",
            "UN Special Rapporteur",
        ],
    ),
    "UN Committee against Torture": (
        "organization",
        ["Committee against Torture", "UN Committee against Torture"],
    ),
    "U.S. Department of State": (
        "organization",
        [
            "State Department",
            "U.S. State Department",
            "US State Department",
            "Department of State",
            "U.S. Department of State",
        ],
    ),
    "Senate Foreign Relations Committee": (
        "organization",
        [
            "Senate Foreign Relations Committee",
            "Senate Committee on Foreign Relations",
        ],
    ),
    "House Foreign Affairs Committee": (
        "organization",
        [
            "House Foreign Affairs Committee",
            "House Committee on Foreign Affairs",
        ],
    ),
    "Transitional Justice Working Group": ("organization", ["Transitional Justice Working Group", "TJWG"]),
    "Database Center for North Korean Human Rights": (
        "organization",
        [
            "Database Center for North Korean Human Rights",
            "NKDB",
        ],
    ),
    "Citizens' Alliance for North Korean Human Rights": (
        "organization",
        [
            "Citizens' Alliance for North Korean Human Rights",
            "Citizens’ Alliance for North Korean Human Rights",
            "NKHR",
        ],
    ),
    "Committee for Human Rights in North Korea": (
        "organization",
        [
            "Committee for Human Rights in North Korea",
            "HRNK",
        ],
    ),
    "Korea Future": ("organization", ["Korea Future"]),
    "Daily NK": ("organization", ["Daily NK", "DailyNK"]),
    "Radio Free Asia": ("organization", ["Radio Free Asia", "RFA"]),
    "Yonhap": ("organization", ["Yonhap", "Yonhap News Agency"]),
    "NK News": ("organization", ["NK News"]),
    "Ministry of Unification": (
        "organization",
        [
            "Ministry of Unification",
            "Unification Ministry",
            "South Korea's Unification Ministry",
        ],
    ),
    "National Intelligence Service": ("organization", ["National Intelligence Service", "NIS"]),
    "Kim Jong Un": ("person", ["Kim Jong Un", "Kim Jong-un", "Kim Jong-Un"]),
    "Xi Jinping": ("person", ["Xi Jinping", "President Xi"]),
}

INSTRUMENTS: dict[str, list[str]] = {
    "1951 Convention relating to the Status of Refugees": [
        "1951 Convention relating to the Status of Refugees",
        "Convention relating to the Status of Refugees",
        "1951 Refugee Convention",
        "1951 Convention",
        "Refugee Convention",
        "UN Refugee Convention",
        "United Nations Refugee Convention",
        "Refugees Convention",
    ],
    "1967 Protocol relating to the Status of Refugees": [
        "1967 Protocol relating to the Status of Refugees",
        "Protocol relating to the Status of Refugees",
        "1967 Protocol",
    ],
    "Convention against Torture": [
        "Convention against Torture",
        "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
        "UN Convention against Torture",
    ],
    "1964 PRC–DPRK border agreement": [
        "Mutual Cooperation in Safeguarding National Security and Social Order in Border Areas",
        "Protocol on Mutual Cooperation for Safeguarding National Security and Social Order in Border Areas",
        "Mutual Cooperation Protocol for the Work of Maintaining National Security and Social Order in the Border Areas",
    ],
    "International Covenant on Civil and Political Rights": [
        "International Covenant on Civil and Political Rights",
        "ICCPR",
    ],
    "Convention on the Rights of the Child": ["Convention on the Rights of the Child"],
    "non-refoulement": [
        "non-refoulement",
        "nonrefoulement",
        "non refoulement",
        "principle of non-refoulement",
    ],
    "North Korean Human Rights Act": ["North Korean Human Rights Act"],
}

# Actors a sentence may name as the state that returned people; used to keep returns
# by other states (Russia deporting, South Korea repatriating fishermen) out of the record.
OTHER_ORIGINS = ("Russia", "South Korea", "United States")
