"""A watched item waiting for another try that its source no longer lists is `dropped`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0018_figure_places"),
    ]

    operations = [
        migrations.AlterField(
            model_name="watcheditem",
            name="status",
            field=models.CharField(
                choices=[
                    ("added", "added"),
                    ("skipped", "skipped"),
                    ("refused", "refused"),
                    ("waiting", "to try again"),
                    ("dropped", "no longer listed"),
                ],
                max_length=10,
            ),
        ),
    ]
