"""Producers, in three apps, each above the one before:

    register/   the register: producers, special-mark authorisations and their lifecycle,
                outlets (app label "producers")
    labels/     label batches, signed label codes, scans and verification ("labels")
    accounts/   producer self-service: sign-up, applications, annual use reports ("accounts")

inspections sits between labels and accounts: a producer's account shows what the bureau
found about it.
"""
