"""Each letter party keeps its letter's first day (Letter.date_start) beside its surname, in one
index, kept by both saves from now on and filled here for the parties stored, in one UPDATE: the
letters of a surname in a period are then read from that index alone (refwatch.knowledge.letters).

Backwards drops it, and the index of the surname and role alone comes back."""

from django.db import migrations, models

FILL = """
UPDATE knowledge_letterparty SET letter_start = (
    SELECT date_start FROM knowledge_letter WHERE knowledge_letter.id = knowledge_letterparty.letter_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0029_passage_statement_facets"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="letterparty", name="knowledge_l_surname_fed408_idx"),
        migrations.AddField(
            model_name="letterparty",
            name="letter_start",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="letterparty",
            index=models.Index(fields=["surname_key", "role", "letter_start"], name="knowledge_party_period"),
        ),
    ]
